package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken clients get a clear error or a clean close, and harm no one else. */
class LocatorBadInputTest {

    @TempDir
    Path dir;
    LocatorFixture fx;
    Locator l;
    TestClient bystander;

    @BeforeEach
    void setUp() throws Exception {
        fx = new LocatorFixture(dir);
        l = fx.start(LocatorFixture.config(dir).withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(1)), Clock.systemUTC());
        bystander = fx.user(l, "bystander");
        bystander.startHeartbeats(Duration.ofMillis(200));
    }

    @AfterEach
    void tearDown() throws Exception {
        assertThat(bystander.isOpen()).as("the well-behaved client is unaffected").isTrue();
        bystander.ok(Command.FRIENDS, Map.of(), FriendList.class);
        fx.close();
    }

    private static byte[] frame(String header, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.length >>> 24);
        out.write(h.length >>> 16);
        out.write(h.length >>> 8);
        out.write(h.length);
        out.writeBytes(h);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    @Test
    void garbageBytesGetAnErrorFrameAndAClose() throws Exception {
        TestClient c = fx.connect(l);
        c.sendRaw("hello, is this the locator?\r\n".getBytes(StandardCharsets.US_ASCII));
        Frame err = c.push();
        assertThat(err.type()).isEqualTo(FrameType.ERROR);
        assertThat(err.header().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(err.header().error()).isEqualTo("header length 1,751,477,356 exceeds limit 65,536");
        assertThat(c.closedWithin(Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void oversizedPayloadIsRefusedFromItsDeclaredLength() throws Exception {
        TestClient c = fx.connect(l);
        c.sendRaw(frame("{\"type\":\"COMMAND\",\"command\":\"LOGIN\",\"id\":\"1\",\"length\":9000000}", new byte[0]));
        Frame err = c.push();
        assertThat(err.header().code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(err.header().error()).isEqualTo("payload length of COMMAND frame 9,000,000 exceeds limit 65,536");
        assertThat(c.closedWithin(Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void invalidJsonHeaderIsABadFrame() throws Exception {
        TestClient c = fx.connect(l);
        c.sendRaw(frame("{\"type\":\"COMMAND\", oops", new byte[0]));
        Frame err = c.push();
        assertThat(err.header().code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(err.header().error()).startsWith("header is not valid JSON");
        assertThat(c.closedWithin(Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void unknownCommandsTypesAndBadPayloadsAreAnsweredAndTheConnectionLives() throws Exception {
        TestClient c = fx.connect(l);
        c.sendRaw(frame("{\"type\":\"COMMAND\",\"command\":\"SELF_DESTRUCT\",\"id\":\"x1\"}", new byte[0]));
        Frame e1 = c.push();
        assertThat(e1.header().code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND);
        assertThat(e1.header().re()).isEqualTo("x1");
        assertThat(e1.header().error()).isEqualTo("unknown command 'SELF_DESTRUCT'");

        c.sendRaw(frame("{\"type\":\"SMOKE_SIGNAL\",\"id\":\"x2\",\"length\":3}", new byte[] {1, 2, 3}));
        assertThat(c.push().header().code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);

        c.sendRaw(frame("{\"type\":\"TEXT\",\"id\":\"x3\",\"length\":2}", "hi".getBytes()));
        assertThat(c.push().header().error()).isEqualTo("the locator takes COMMAND frames, not TEXT");

        c.sendRaw(frame("{\"type\":\"COMMAND\",\"command\":\"LOGIN\",\"id\":\"x4\",\"length\":5}", "[1,2]".getBytes()));
        Frame e4 = c.push();
        assertThat(e4.header().code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e4.header().error()).startsWith("bad Login payload");

        c.error(Command.FRIENDS, Map.of(), ErrorCode.NOT_LOGGED_IN);
        c.error(Command.SESSION_REPLACED, Map.of(), ErrorCode.UNKNOWN_COMMAND);
        assertThat(c.ok(Command.HEARTBEAT, Map.of(), Map.class)).isEmpty();
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void halfAFrameThenSilenceIsClosedAfterTheReadTimeoutWithoutBlockingOthers() throws Exception {
        TestClient c = fx.connect(l);
        c.sendRaw(new byte[] {0, 0, 0, 40, '{', '"'});
        long start = System.nanoTime();
        // meanwhile everyone else is served
        for (int i = 0; i < 5; i++) {
            bystander.ok(Command.FRIENDS, Map.of(), FriendList.class);
        }
        Frame err = c.push();
        assertThat(err.header().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(c.closedWithin(Duration.ofSeconds(5))).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 5000L);
    }

    private static byte[] heartbeat(String id) {
        return frame("{\"type\":\"COMMAND\",\"command\":\"HEARTBEAT\",\"id\":\"" + id + "\"}", new byte[0]);
    }

    @Test
    void aFrameInOneByteRecordsAndFramesSharingARecordAreEachAnsweredInOrder() throws Exception {
        TestClient c = fx.connect(l);
        for (byte b : heartbeat("slow")) {
            c.sendRaw(new byte[] {b}); // each write is a TLS record of its own
        }
        assertThat(c.push().header().re()).isEqualTo("slow");

        ByteArrayOutputStream many = new ByteArrayOutputStream();
        int count = 500; // far more than the locator lets wait before it stops reading
        for (int i = 0; i < count; i++) {
            many.writeBytes(heartbeat("b" + i));
        }
        c.sendRaw(many.toByteArray());
        for (int i = 0; i < count; i++) {
            Frame reply = c.push();
            assertThat(reply.type()).isEqualTo(FrameType.OK);
            assertThat(reply.header().re()).isEqualTo("b" + i);
        }
        assertThat(c.isOpen()).isTrue();
    }

    @Test
    void aClientThatSendsButNeverReadsIsClosedWithoutHarmingOthers() throws Exception {
        SSLContext ctx = TlsContexts.client(null, FingerprintTrustManager.pinned(l.fingerprint()), new SecureRandom());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            batch.writeBytes(heartbeat("h" + i));
        }
        AtomicBoolean watchdogFired = new AtomicBoolean();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", l.address().getPort()), 5000);
            s.setEnabledProtocols(TlsContexts.PROTOCOLS);
            s.startHandshake();
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(30_000);
                    watchdogFired.set(true);
                    s.close();
                } catch (InterruptedException | IOException done) {
                    // closed in time
                }
            });
            try {
                while (true) {
                    s.getOutputStream().write(batch.toByteArray()); // replies pile up unread
                }
            } catch (IOException closedByLocator) {
                watchdog.interrupt();
            }
        }
        assertThat(watchdogFired).as("closed by the locator once its unread replies passed the limit").isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (l.connectionCount() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(l.connectionCount()).as("only the bystander left").isEqualTo(1);
    }

    @Test
    void plainTcpWithoutTlsIsDroppedCleanly() throws Exception {
        try (Socket s = new Socket("127.0.0.1", l.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            int total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
            }
            assertThat(total).as("at most a TLS alert comes back").isLessThan(64);
        }
    }
}
