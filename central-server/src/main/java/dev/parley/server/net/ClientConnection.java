package dev.parley.server.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.UnknownTypeException;
import dev.parley.server.service.LocatorService;
import dev.parley.server.service.OnlineSession;
import dev.parley.server.service.Peer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's TLS connection: a reader (the thread that calls {@link #run()}) that hands each
 * frame to the service, and one writer thread that drains a queue. Each ending is logged once.
 *
 * <p>Policy when the client does not read: at most {@value #MAX_QUEUED} frames wait; one more
 * closes the connection (the client resumes and gets a fresh roster).
 */
public final class ClientConnection implements Peer, Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    static final int MAX_QUEUED = 4096;
    private static final Duration FLUSH_GRACE = Duration.ofSeconds(2);
    private static final Frame CLOSE = Frame.of(Header.command(null, "close", 0));

    private final SSLSocket socket;
    private final LocatorService service;
    private final Clock clock;
    private final Duration readTimeout;
    private final HeaderCodec codec;
    private final String remoteHost;
    private final BlockingQueue<Frame> outbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile long lastSeen;
    private volatile OnlineSession session;
    private volatile String closeReason;
    private volatile boolean closing;

    public ClientConnection(SSLSocket socket, LocatorService service, Clock clock, Duration readTimeout,
                            HeaderCodec codec, Runnable onClose) {
        this.socket = socket;
        this.service = service;
        this.clock = clock;
        this.readTimeout = readTimeout;
        this.codec = codec;
        this.onClose = onClose;
        this.remoteHost = socket.getInetAddress().getHostAddress();
        this.lastSeen = clock.millis();
    }

    @Override
    public void run() {
        String peerName = remoteHost + ":" + socket.getPort();
        Thread writer = null;
        try {
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.startHandshake();
            writer = Thread.ofVirtual().name("locator-writer-" + peerName).start(this::writeLoop);
            FrameReader reader = new FrameReader(socket.getInputStream(), Limits.DEFAULT, codec);
            while (!closed.get()) {
                Frame frame;
                try {
                    frame = reader.read();
                } catch (UnknownTypeException e) {
                    send(service.error(null, e.partial() == null ? null : e.partial().id(), e.code(), e.getMessage(), null));
                    continue;
                }
                if (frame == null) {
                    closeReason("closed by the client");
                    return;
                }
                lastSeen = clock.millis();
                service.handle(this, frame);
            }
        } catch (ProtocolException e) {
            send(service.error(null, null, e.code(), e.getMessage(), null));
            closeAfterFlush("protocol error: " + e.getMessage());
        } catch (SocketTimeoutException e) {
            send(service.error(null, null, ErrorCode.TIMEOUT, "nothing received for " + readTimeout.toSeconds() + " s", null));
            closeAfterFlush("silent for " + readTimeout.toMillis() + " ms (stalled mid-frame or idle)");
        } catch (SSLException e) {
            closeReason("TLS failed: " + e.getMessage());
        } catch (IOException e) {
            closeReason(closed.get() ? null : "connection lost: " + e.getMessage());
        } finally {
            service.disconnected(this);
            if (writer != null && closing) {
                awaitWriter(writer);
            }
            shutdown();
        }
    }

    /** Gives the writer a moment to send what is queued (an error frame, say) before closing. */
    private static void awaitWriter(Thread writer) {
        try {
            writer.join(FLUSH_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        try {
            FrameWriter writer = new FrameWriter(socket.getOutputStream(), Limits.DEFAULT, codec);
            while (true) {
                Frame f = outbox.take();
                do {
                    if (f == CLOSE) {
                        writer.flush();
                        return;
                    }
                    writer.write(f);
                    f = outbox.poll();
                } while (f != null);
                writer.flush();
            }
        } catch (IOException e) {
            closeReason("write failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    @Override
    public void send(Frame frame) {
        if (closed.get()) {
            return;
        }
        if (outbox.size() >= MAX_QUEUED) {
            closeReason("client too slow: " + MAX_QUEUED + " frames waiting");
            shutdown();
            return;
        }
        outbox.add(frame);
    }

    @Override
    public void closeAfterFlush(String reason) {
        closeReason(reason);
        closing = true;
        outbox.add(CLOSE);
    }

    /** Closes now, without sending what is queued. */
    public void shutdown() {
        if (closed.compareAndSet(false, true)) {
            outbox.clear();
            outbox.add(CLOSE);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            String who = session != null ? session.username() + "@" + remoteHost : remoteHost;
            if (closeReason != null) {
                log.info("connection {}:{} closed: {}", who, socket.getPort(), closeReason);
            }
            onClose.run();
        }
    }

    private void closeReason(String reason) {
        if (closeReason == null && reason != null) {
            closeReason = reason;
        }
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }

    @Override
    public long lastSeenMillis() {
        return lastSeen;
    }

    @Override
    public OnlineSession session() {
        return session;
    }

    @Override
    public void session(OnlineSession session) {
        this.session = session;
    }
}
