package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.peer.Handshake;
import dev.parley.app.peer.LinkRefused;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.peer.PeerMessages;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may open a direct link, and what a hostile friend's bytes get. */
class LinkSecurityTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    ChatFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static Address addressOf(ChatFixture.Client c) {
        return new Address(c.name, "127.0.0.1", c.messenger.listenPort(), c.messenger.fingerprint());
    }

    private TlsIdentity identityOf(String profile) throws Exception {
        return TlsIdentity.loadOrCreate(fx.home.profile(profile).dir().resolve("identity.p12"), "x", new SecureRandom());
    }

    @Test
    void aStrangersConnectionIsRefused() throws Exception {
        var alice = fx.user("alice");
        var carol = fx.user("carol");
        Address aliceAt = addressOf(alice);
        Handshake asCarol = new Handshake(identityOf("carol"), () -> "carol", u -> aliceAt, new SecureRandom(), 5000);
        assertThatThrownBy(() -> asCarol.dial("alice"))
                .isInstanceOfSatisfying(LinkRefused.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FRIEND))
                .hasMessageContaining("carol is not a friend");
        assertThat(alice.messenger.linked()).isEmpty();
        assertThat(carol.messenger.linked()).isEmpty();
    }

    @Test
    void aFriendsNameWithAnotherKeyIsRefusedOnBothSides() throws Exception {
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        await("linked", WAIT, () -> alice.messenger.linked().contains("bob"));
        Address aliceAt = addressOf(alice);
        // Someone with their own key says they are bob.
        Handshake impostor = new Handshake(TlsIdentity.create("bob", new SecureRandom()), () -> "bob", u -> aliceAt,
                new SecureRandom(), 5000);
        assertThatThrownBy(() -> impostor.dial("alice"))
                .isInstanceOfSatisfying(LinkRefused.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_MISMATCH))
                .hasMessageContaining(bob.messenger.fingerprint());
        // And alice, told to expect another key for bob, will not talk to the real bob.
        Address wrong = new Address("bob", "127.0.0.1", bob.messenger.listenPort(), TlsIdentity.create("x", new SecureRandom()).fingerprint());
        Handshake asAlice = new Handshake(identityOf("alice"), () -> "alice", u -> wrong, new SecureRandom(), 5000);
        assertThatThrownBy(() -> asAlice.dial("bob"))
                .isInstanceOfSatisfying(LinkRefused.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KEY_MISMATCH));
        // The real link was never disturbed.
        ChatMessage m = alice.messenger.send("bob", "still here");
        await("delivered", WAIT, () -> bob.events.received("alice").stream().anyMatch(x -> x.id().equals(m.id())));
    }

    /** A TLS connection speaking as {@code who}, past both HELLOs. */
    private SSLSocket rawLinkAs(String who, ChatFixture.Client to) throws Exception {
        var ctx = TlsContexts.client(identityOf(who), FingerprintTrustManager.pinned(to.messenger.fingerprint()), new SecureRandom());
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", to.messenger.listenPort()), 5000);
        s.setSoTimeout(10_000);
        FrameWriter w = new FrameWriter(s.getOutputStream());
        w.write(new Payloads().frame(new Header(FrameType.HELLO, null, null, null, null, null, null, 0, null, null, null, null),
                new PeerMessages.Hello(who, PeerMessages.VERSION, List.of("text"))));
        w.flush();
        Frame hello = new FrameReader(s.getInputStream()).read();
        assertThat(hello.type()).isEqualTo(FrameType.HELLO);
        return s;
    }

    private static Frame lastFrame(SSLSocket s) throws Exception {
        FrameReader r = new FrameReader(s.getInputStream());
        Frame last = null;
        try {
            for (Frame f; (f = r.read()) != null; ) {
                last = f;
            }
        } catch (java.io.IOException closed) {
            // the far end closed after its error frame
        }
        return last;
    }

    /**
     * aaron's app quits but his session stays at the locator with his key, so only raw
     * connections opened by the test speak for him (his real app would redial and replace them).
     */
    private dev.parley.app.locator.LocatorClient standInFor(ChatFixture.Client aaron,
            java.util.concurrent.ScheduledExecutorService sched) throws Exception {
        String fingerprint = aaron.messenger.fingerprint();
        aaron.close();
        var stand = dev.parley.app.locator.LocatorClient.create(fx.server, fx.home.profile(aaron.name).knownLocators().trustFor(fx.server),
                sched, new dev.parley.app.locator.LocatorClient.Listener() { }, dev.parley.app.locator.LocatorClient.Options.DEFAULT);
        stand.login(aaron.name, "password-" + aaron.name, new dev.parley.app.locator.LocatorClient.Advertised(1, "127.0.0.1", fingerprint));
        return stand;
    }

    /** Makes each of {@code friends} a friend of {@code hub}; returns once the hub is linked to them all. */
    private static void linkAll(ChatFixture.Client hub, ChatFixture.Client... friends) throws Exception {
        for (ChatFixture.Client f : friends) {
            ChatFixture.befriend(f, hub);
        }
        List<String> names = java.util.Arrays.stream(friends).map(f -> f.name).toList();
        await(hub.name + " linked to " + names, WAIT, () -> hub.messenger.linked().containsAll(names));
    }

    @Test
    void garbageAndOversizedFramesFromAFriendCloseTheirLinkAndNothingElse() throws Exception {
        var aaron = fx.user("aaron");
        var zed = fx.user("zed");
        var carol = fx.user("carol");
        linkAll(zed, aaron, carol);

        byte[][] attacks = {
                {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                header("{\"type\":\"TEXT\",\"id\":\"x\",\"length\":70000}"),
                header("{not json"),
                concat(header("{\"type\":\"TEXT\",\"id\":\"u\",\"length\":2}"), new byte[] {(byte) 0xc3, 0x28}),
        };
        ErrorCode[] expected = {ErrorCode.FRAME_TOO_LARGE, ErrorCode.FRAME_TOO_LARGE, ErrorCode.BAD_FRAME, ErrorCode.BAD_FRAME};
        var sched = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (var stand = standInFor(aaron, sched)) {
            await("zed noticed aaron's app is gone", WAIT, () -> !zed.messenger.linked().contains("aaron"));
            for (int i = 0; i < attacks.length; i++) {
                try (SSLSocket s = rawLinkAs("aaron", zed)) {
                    OutputStream out = s.getOutputStream();
                    out.write(attacks[i]);
                    out.flush();
                    Frame error = lastFrame(s);
                    assertThat(error).as("attack %d", i).isNotNull();
                    assertThat(error.type()).isEqualTo(FrameType.ERROR);
                    assertThat(error.header().code()).as("attack %d: %s", i, error.header().error()).isEqualTo(expected[i]);
                    assertThat(error.header().error()).isNotBlank();
                }
            }
            // carol's conversation with zed never noticed.
            ChatMessage m = carol.messenger.send("zed", "all good?");
            await("carol's message delivered", WAIT, () -> zed.events.received("carol").stream().anyMatch(x -> x.id().equals(m.id())));
        } finally {
            sched.shutdownNow();
        }
        // aaron's real app comes back and talks to zed as before.
        var back = fx.client("aaron");
        back.messenger.login("aaron", "password-aaron");
        ChatMessage a = back.messenger.send("zed", "me too");
        await("aaron's message delivered", WAIT, () -> zed.events.received("aaron").stream().anyMatch(x -> x.id().equals(a.id())));
        assertThat(zed.events.received("aaron")).extracting(ChatMessage::body).containsExactly("me too");
    }

    @Test
    void aLinkThatGoesQuietIsClosed() throws Exception {
        var aaron = fx.user("aaron");
        var zed = fx.user("zed");
        ChatFixture.befriend(aaron, zed);
        await("linked", WAIT, () -> zed.messenger.linked().contains("aaron"));
        String token = aaron.messenger.locator().token();
        var sched = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (var stand = standInFor(aaron, sched)) {
            await("zed noticed the old link is gone", WAIT, () -> !zed.messenger.linked().contains("aaron"));
            long t0 = System.nanoTime();
            int pings = 0;
            try (SSLSocket silent = rawLinkAs("aaron", zed)) {
                // Never answers: zed pings every 300 ms and gives up after 1.5 s of silence.
                FrameReader r = new FrameReader(silent.getInputStream());
                try {
                    for (Frame f; (f = r.read()) != null; ) {
                        if (f.type() == FrameType.PING) {
                            pings++;
                        }
                    }
                } catch (java.io.IOException closed) {
                    // closed by zed
                }
            }
            Duration quiet = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(pings).isGreaterThanOrEqualTo(2);
            assertThat(quiet).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(10));
            await("zed dropped it", WAIT, () -> Boolean.FALSE.equals(zed.events.links.get("aaron")));
            assertThat(token).isNotNull();
        } finally {
            sched.shutdownNow();
        }
    }

    @Test
    void aFriendWhoStopsReadingIsDroppedAndNobodyElseWaits() throws Exception {
        var aaron = fx.user("aaron");
        var zed = fx.user("zed");
        var carol = fx.user("carol");
        linkAll(zed, aaron, carol);
        List<String> sent = new java.util.ArrayList<>();
        var sched = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (var stand = standInFor(aaron, sched)) {
            await("zed noticed aaron's app is gone", WAIT, () -> !zed.messenger.linked().contains("aaron"));
            try (SSLSocket stuck = rawLinkAs("aaron", zed)) {
                await("zed took the new link", WAIT, () -> zed.messenger.linked().contains("aaron"));
                // It keeps pinging, so it never goes quiet, but it never reads a byte.
                FrameWriter w = new FrameWriter(stuck.getOutputStream());
                Frame ping = Frame.of(new Header(FrameType.PING, null, null, null, null, null, null, 0, null, null, null, null));
                var pinger = sched.scheduleAtFixedRate(() -> {
                    try {
                        w.write(ping);
                        w.flush();
                    } catch (java.io.IOException closed) {
                        // zed hung up
                    }
                }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
                // ~9 MB: more than the socket buffers between them hold, so zed's writes wait.
                for (int i = 0; i < 150; i++) {
                    sent.add(zed.messenger.send("aaron", i + " " + "z".repeat(60_000)).id());
                }
                ChatMessage fromCarol = carol.messenger.send("zed", "still there?");
                ChatMessage toCarol = zed.messenger.send("carol", "yes");
                await("carol's message stored and acknowledged", WAIT, () -> carol.events.deliveredTimes.containsKey(fromCarol.id()));
                await("zed's answer delivered", WAIT, () -> zed.events.deliveredTimes.containsKey(toCarol.id()));
                await("zed dropped the link that stopped reading", WAIT, () -> !zed.messenger.linked().contains("aaron"));
                pinger.cancel(false);
            }
        } finally {
            sched.shutdownNow();
        }
        // aaron's real app comes back and gets every message once.
        var back = fx.client("aaron");
        back.messenger.login("aaron", "password-aaron");
        await("all of zed's messages arrived", WAIT, () -> back.events.received("zed").size() >= sent.size());
        assertThat(back.events.received("zed")).extracting(ChatMessage::id).containsExactlyElementsOf(sent);
    }

    private static byte[] header(String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[4 + h.length];
        out[0] = (byte) (h.length >>> 24);
        out[1] = (byte) (h.length >>> 16);
        out[2] = (byte) (h.length >>> 8);
        out[3] = (byte) h.length;
        System.arraycopy(h, 0, out, 4, h.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
