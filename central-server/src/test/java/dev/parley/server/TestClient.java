package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/** A frame-level locator client for tests: requests by id, pushes in a queue, raw bytes on demand. */
final class TestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SSLSocket socket;
    private final FrameWriter writer;
    private final OutputStream raw;
    private final Payloads payloads = new Payloads();
    private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Frame> pushes = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Thread heartbeats;

    TestClient(Locator locator) throws Exception {
        this(locator.address().getPort(), locator.fingerprint());
    }

    TestClient(int port, String fingerprint) throws Exception {
        var ctx = TlsContexts.client(null, FingerprintTrustManager.pinned(fingerprint), new SecureRandom());
        socket = (SSLSocket) ctx.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setEnabledProtocols(TlsContexts.PROTOCOLS);
        socket.startHandshake();
        raw = socket.getOutputStream();
        writer = new FrameWriter(raw);
        Thread.ofVirtual().name("test-client-reader").start(this::readLoop);
    }

    private void readLoop() {
        try {
            FrameReader reader = new FrameReader(socket.getInputStream());
            Frame f;
            while ((f = reader.read()) != null) {
                String re = f.header().re();
                CompletableFuture<Frame> waiter = re == null ? null : pending.remove(re);
                if (waiter != null) {
                    waiter.complete(f);
                } else {
                    pushes.add(f);
                }
            }
            closed.complete("eof");
        } catch (ProtocolException e) {
            closed.complete("protocol: " + e.getMessage());
        } catch (IOException e) {
            closed.complete("io: " + e.getMessage());
        }
    }

    synchronized void sendRaw(byte[] bytes) throws IOException {
        raw.write(bytes);
        raw.flush();
    }

    Frame request(Command cmd, Object body) throws Exception {
        String id = "t" + ids.incrementAndGet();
        CompletableFuture<Frame> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (this) {
            writer.write(payloads.frame(Header.command(cmd, id, 0), body));
            writer.flush();
        }
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    <T> T ok(Command cmd, Object body, Class<T> type) throws Exception {
        Frame reply = request(cmd, body);
        assertThat(reply.type()).as("%s reply: %s", cmd, reply.header()).isEqualTo(FrameType.OK);
        assertThat(reply.command()).isEqualTo(cmd);
        return payloads.decode(reply, type);
    }

    Header error(Command cmd, Object body, ErrorCode expected) throws Exception {
        Frame reply = request(cmd, body);
        assertThat(reply.type()).as("%s reply: %s", cmd, reply.header()).isEqualTo(FrameType.ERROR);
        assertThat(reply.header().code()).as(reply.header().error()).isEqualTo(expected);
        assertThat(reply.header().error()).isNotBlank();
        return reply.header();
    }

    /** The next pushed frame (not a reply), within a few seconds. */
    Frame push() throws InterruptedException {
        Frame f = pushes.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(f).as("a pushed frame within " + WAIT).isNotNull();
        return f;
    }

    <T> T push(Command cmd, Class<T> type) throws Exception {
        Frame f = push();
        assertThat(f.command()).as("pushed %s", f.header()).isEqualTo(cmd);
        return payloads.decode(f, type);
    }

    boolean noPushWithin(Duration d) throws InterruptedException {
        return pushes.poll(d.toMillis(), TimeUnit.MILLISECONDS) == null;
    }

    /** How the server ended the connection, waiting up to {@code d}. */
    String closedWithin(Duration d) throws Exception {
        return closed.get(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    void startHeartbeats(Duration every) {
        heartbeats = Thread.ofVirtual().name("test-heartbeat").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted() && isOpen()) {
                    request(Command.HEARTBEAT, Map.of());
                    Thread.sleep(every.toMillis());
                }
            } catch (Exception ignored) {
                // test over
            }
        });
    }

    @Override
    public void close() throws IOException {
        if (heartbeats != null) {
            heartbeats.interrupt();
        }
        socket.close();
    }
}
