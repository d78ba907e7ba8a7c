package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.CertificateChangedException;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's locator link against a real locator on 127.0.0.1. */
class LocatorClientTest {

    @TempDir
    Path dir;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Locator locator;

    @AfterEach
    void tearDown() {
        scheduler.shutdownNow();
        if (locator != null) {
            locator.close();
        }
    }

    private Locator start(Path data, int port) throws Exception {
        return Locator.start(LocatorConfig.defaults("127.0.0.1", port, data).withPasswordCost(Argon2Params.CHEAP_FOR_TESTS),
                Clock.systemUTC());
    }

    private LocatorClient client(Profile p, HostPort hp, LocatorClient.Listener l) throws Exception {
        return LocatorClient.create(hp, p.knownLocators().trustFor(hp), scheduler, l,
                new LocatorClient.Options(Duration.ofSeconds(5), Duration.ofMillis(500), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))));
    }

    @Test
    void recoversByItselfWithTheResumeTokenAfterTheLocatorRestarts() throws Exception {
        locator = start(dir.resolve("loc"), 0);
        int port = locator.address().getPort();
        HostPort hp = new HostPort("127.0.0.1", port);
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        Profile p = new AppHome(dir).profile("a");
        try (LocatorClient c = client(p, hp, new LocatorClient.Listener() {
            @Override
            public void stateChanged(LocatorClient.State s, String reason) {
                states.add(s.name());
            }
        })) {
            c.register("zoe", "long password");
            c.login("zoe", "long password", LocatorClient.Advertised.NONE);
            assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo("LOGGED_IN");
            locator.close();
            assertThat(states.poll(5, TimeUnit.SECONDS)).isEqualTo("RECONNECTING");
            locator = start(dir.resolve("loc"), port);
            String next;
            do {
                next = states.poll(15, TimeUnit.SECONDS);
            } while ("RECONNECTING".equals(next));
            assertThat(next).isEqualTo("LOGGED_IN");
            assertThat(c.state()).isEqualTo(LocatorClient.State.LOGGED_IN);
            assertThat(locator.onlineCount()).isEqualTo(1);
            assertThat(locator.resumedHandshakes())
                    .as("the client resumed its TLS session from a ticket the restarted locator can still open")
                    .isEqualTo(locator.handshakes()).isPositive();
        }
    }

    @Test
    void linksLeaveFromTheConfiguredLocalAddressAndFriendsAreToldThatAddress() throws Exception {
        locator = start(dir.resolve("loc"), 0);
        HostPort hp = new HostPort("127.0.0.1", locator.address().getPort());
        Profile pa = new AppHome(dir).profile("a");
        Profile pb = new AppHome(dir).profile("b");
        LocatorClient.Options fromSeven = new LocatorClient.Options(Duration.ofSeconds(5), Duration.ofMillis(500),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))).from(InetAddress.getByName("127.0.0.7"));
        try (LocatorClient amy = LocatorClient.create(hp, pa.knownLocators().trustFor(hp), scheduler,
                     new LocatorClient.Listener() { }, fromSeven);
             LocatorClient bob = client(pb, hp, new LocatorClient.Listener() { })) {
            amy.register("amy", "long password");
            bob.register("bob", "long password");
            amy.login("amy", "long password", new LocatorClient.Advertised(4100, null, null));
            bob.login("bob", "long password", LocatorClient.Advertised.NONE);
            amy.call(Command.FRIEND_REQUEST, new FriendRequest("bob", null, null), Map.class);
            bob.call(Command.FRIEND_ACCEPT, new UserRef("amy"), Map.class);

            Address a = bob.call(Command.LOOKUP, new UserRef("amy"), Address.class);

            assertThat(a.host()).as("amy advertised no host, so the locator tells the one her link came from").isEqualTo("127.0.0.7");
            assertThat(a.port()).isEqualTo(4100);
        }
    }

    @Test
    void aLocatorWhoseCertificateChangedIsRefusedNamingBothFingerprints() throws Exception {
        locator = start(dir.resolve("first"), 0);
        int port = locator.address().getPort();
        String firstFp = locator.fingerprint();
        HostPort hp = new HostPort("127.0.0.1", port);
        Profile p = new AppHome(dir).profile("a");
        try (LocatorClient c = client(p, hp, new LocatorClient.Listener() { })) {
            c.connect();
        }
        assertThat(p.knownLocators().pinned(hp)).contains(firstFp);
        locator.close();
        locator = start(dir.resolve("impostor"), port);
        String secondFp = locator.fingerprint();
        try (LocatorClient c = client(p, hp, new LocatorClient.Listener() { })) {
            assertThatThrownBy(c::connect)
                    .isInstanceOf(CertificateChangedException.class)
                    .hasMessageContaining(firstFp)
                    .hasMessageContaining(secondFp);
        }
    }
}
