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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's TLS connection: a reader (the thread that calls {@link #run()}) that hands each
 * frame to the service. Replies the reader makes are written by the reader itself; frames from
 * other threads (presence pushes, a session replaced) are queued and written by a short-lived
 * virtual thread started when the queue has something, which ends once it is empty. An idle
 * session thus holds one parked thread, not two: with thousands of sessions, every parked thread
 * is a stack copy on the heap, made again each time it wakes, that the collector has to move.
 * Each ending is logged once.
 *
 * <p>Policy when the client does not read: at most {@value #MAX_QUEUED} frames wait; one more
 * closes the connection (the client resumes and gets a fresh roster). A connection told to close
 * after a last frame gets {@link #FLUSH_GRACE} to take it.
 */
public final class ClientConnection implements Peer, Runnable {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    static final int MAX_QUEUED = 4096;
    private static final Duration FLUSH_GRACE = Duration.ofSeconds(2);

    private final SSLSocket socket;
    private final LocatorService service;
    private final Clock clock;
    private final Duration readTimeout;
    private final HeaderCodec codec;
    private final String remoteHost;
    private final Queue<Frame> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writerScheduled = new AtomicBoolean();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile Thread reader;
    private volatile long lastSeen;
    private volatile OnlineSession session;
    private volatile String closeReason;
    private volatile boolean closing;
    /** Guarded by {@link #writing}. */
    private FrameWriter writer;

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
        reader = Thread.currentThread();
        try {
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.startHandshake();
            FrameReader in = new FrameReader(socket.getInputStream(), Limits.DEFAULT, codec);
            while (!closed.get()) {
                Frame frame;
                try {
                    frame = in.read();
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
            reader = null;
            service.disconnected(this);
            if (!closing) {
                shutdown();
            }
        }
    }

    @Override
    public void send(Frame frame) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            closeReason("client too slow: " + MAX_QUEUED + " frames waiting");
            shutdown();
            return;
        }
        outbox.add(frame);
        if (Thread.currentThread() == reader) {
            // The session's own thread may wait for its own client; nobody else is held up.
            writeQueued();
        } else {
            scheduleWriter();
        }
    }

    /** Starts a writer unless one is already on its way; it writes until the queue is empty. */
    private void scheduleWriter() {
        if (writerScheduled.compareAndSet(false, true)) {
            Thread.ofVirtual().name("locator-writer-" + remoteHost + ":" + socket.getPort()).start(() -> {
                // Cleared first: a frame queued from now on starts another writer if this one has passed it.
                writerScheduled.set(false);
                writeQueued();
            });
        }
    }

    /** Writes and flushes whatever is queued. */
    private void writeQueued() {
        writing.lock();
        try {
            if (closed.get()) {
                return;
            }
            if (writer == null) {
                writer = new FrameWriter(socket.getOutputStream(), Limits.DEFAULT, codec);
            }
            boolean wrote = false;
            for (Frame f; (f = outbox.poll()) != null; ) {
                queued.decrementAndGet();
                writer.write(f);
                wrote = true;
            }
            if (wrote) {
                writer.flush();
            }
        } catch (IOException e) {
            closeReason("write failed: " + e.getMessage());
            shutdown();
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void closeAfterFlush(String reason) {
        closeReason(reason);
        closing = true;
        // Off the caller's thread: a client that does not read must not hold it up.
        Thread.ofVirtual().name("locator-closer-" + remoteHost + ":" + socket.getPort()).start(() -> {
            Thread last = Thread.ofVirtual().start(this::writeQueued);
            try {
                last.join(FLUSH_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shutdown();
        });
    }

    /** Closes now, without sending what is queued. */
    public void shutdown() {
        if (closed.compareAndSet(false, true)) {
            outbox.clear();
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
