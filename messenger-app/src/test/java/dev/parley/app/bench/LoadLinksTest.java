package dev.parley.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.Database;
import dev.parley.server.store.FriendStore;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup bench's event-loop clients against a real locator over TLS: what they count is what the locator answered. */
class LoadLinksTest {

    private static final String PASSWORD = "load-links-password";

    @TempDir
    Path dir;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    Locator locator;
    LocatorClient star;
    InetSocketAddress server;

    @BeforeEach
    void startLocatorWithStarOnline() throws Exception {
        String hash = new PasswordHasher(Argon2Params.CHEAP_FOR_TESTS, new SecureRandom()).hash(PASSWORD);
        try (Database db = Database.open(dir.resolve("locator.db"))) {
            new AccountStore(db).createAll(Map.of("star", hash, "ann", hash, "bob", hash, "eve", hash), 0);
            new FriendStore(db).befriendAll(List.of(new String[] {"star", "ann"}, new String[] {"star", "bob"}), 0);
        }
        locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir).withPasswordCost(Argon2Params.CHEAP_FOR_TESTS),
                Clock.systemUTC());
        server = locator.address();
        star = new LocatorClient(new HostPort("127.0.0.1", server.getPort()),
                TlsContexts.client(null, FingerprintTrustManager.pinned(locator.fingerprint()), new SecureRandom()),
                scheduler, new LocatorClient.Listener() { },
                new LocatorClient.Options(Duration.ofSeconds(5), Duration.ofSeconds(5), Backoff.DEFAULT));
        star.login("star", PASSWORD, new LocatorClient.Advertised(40000, null, null));
    }

    @AfterEach
    void stop() {
        if (star != null) {
            star.close();
        }
        scheduler.shutdownNow();
        if (locator != null) {
            locator.close();
        }
    }

    @Test
    void friendsLookStarUpInAClosedLoopAndAtAGivenRate() throws Exception {
        try (LoadLinks links = LoadLinks.connect(server, locator.fingerprint(), List.of("ann", "bob"), PASSWORD)) {
            byte[] lookup = LoadLinks.request(Command.LOOKUP, new UserRef("star"));

            LoadRun closed = links.run(lookup, 0, Duration.ofMillis(300));
            LoadRun paced = links.run(lookup, 200, Duration.ofMillis(500));

            assertThat(closed.errors()).isZero();
            assertThat(closed.requests()).isGreaterThan(20);
            assertThat(paced.errors()).isZero();
            assertThat(paced.requests()).as("200 a second for half a second").isBetween(95, 105);
            assertThat(paced.result("lookups_at_goal_rate").toString())
                    .contains("\"offered_per_s\":200", "\"clients\":2", "\"errors\":0");
        }
    }

    @Test
    void aRefusedRequestCountsAsAnError() throws Exception {
        try (LoadLinks links = LoadLinks.connect(server, locator.fingerprint(), List.of("eve"), PASSWORD)) {
            LoadRun r = links.run(LoadLinks.request(Command.LOOKUP, new UserRef("star")), 0, Duration.ofMillis(200));
            LoadRun heartbeats = links.run(LoadLinks.request(Command.HEARTBEAT, LocatorMessages.EMPTY), 0, Duration.ofMillis(200));

            assertThat(r.requests()).as("eve is not star's friend: every lookup refused").isPositive().isEqualTo(r.errors());
            assertThat(heartbeats.requests()).isPositive();
            assertThat(heartbeats.errors()).isZero();
        }
    }

    @Test
    void aWrongPasswordOrFingerprintFailsTheConnectWithTheReason() {
        assertThatThrownBy(() -> LoadLinks.connect(server, locator.fingerprint(), List.of("ann"), "wrong password"))
                .isInstanceOf(IOException.class).hasMessageContaining("ann could not log in");
        assertThatThrownBy(() -> LoadLinks.connect(server, "SHA256:" + "00".repeat(32), List.of("ann"), PASSWORD))
                .isInstanceOf(IOException.class).hasMessageContaining("ann could not log in");
    }
}
