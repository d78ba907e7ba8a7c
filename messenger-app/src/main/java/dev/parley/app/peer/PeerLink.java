package dev.parley.app.peer;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.ProtocolException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated direct link to a friend: a TLS socket after both HELLOs. Writes are buffered
 * and go out on {@link #flush()}, once per batch of the friend's sender lane. A platform thread
 * reads and hands each frame to the {@link Handler}: it wakes faster than a virtual one, and a
 * client has few links.
 */
public final class PeerLink {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    /** Hears what arrives on a link, on the link's reader thread. */
    public interface Handler {
        void frame(PeerLink link, Frame frame);

        void closed(PeerLink link, String reason);
    }

    private final SSLSocket socket;
    private final String peer;
    private final String dialer;
    private final FrameReader reader;
    private final FrameWriter writer;
    private volatile boolean open = true;
    private volatile String closeReason;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean writing;
    private volatile long writeStarted;

    /**
     * @param peer   the friend's username, checked against their key
     * @param dialer the username of whichever side opened the connection
     */
    PeerLink(SSLSocket socket, String peer, String dialer, FrameReader reader) throws IOException {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.reader = reader;
        this.writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
    }

    public String peer() {
        return peer;
    }

    public String dialer() {
        return dialer;
    }

    public boolean open() {
        return open;
    }

    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /**
     * On the reader thread: whether the friend's next frame has arrived already, i.e. a burst is
     * being read. A failure to tell counts as no.
     */
    boolean moreWaiting() {
        try {
            return reader.moreWaiting();
        } catch (IOException e) {
            return false;
        }
    }

    /** Buffers one frame (the sender lane is the only regular writer). */
    public synchronized void write(Frame f) throws IOException {
        ensureOpen();
        writeStarted = System.nanoTime();
        writing = true;
        try {
            writer.write(f);
        } finally {
            writing = false;
        }
    }

    public synchronized void flush() throws IOException {
        ensureOpen();
        writeStarted = System.nanoTime();
        writing = true;
        try {
            writer.flush();
        } finally {
            writing = false;
        }
        lastWriteNanos = System.nanoTime();
    }

    /**
     * How long the write in progress has been waiting, 0 if none is. A write waits only when
     * the friend has stopped reading and their socket buffers are full; a friend who keeps
     * sending (pings) while never reading would otherwise hold the writing thread for good.
     */
    public long writeStalledNanos() {
        return writing ? System.nanoTime() - writeStarted : 0;
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new IOException("the link is closed: " + closeReason);
        }
    }

    /** Starts the reader; {@code idleMillis} without any frame closes the link as gone quiet. */
    void start(Handler handler, int idleMillis) throws IOException {
        socket.setSoTimeout(idleMillis);
        Thread.ofPlatform().daemon().name("peer-reader-" + peer).start(() -> readLoop(handler, idleMillis));
    }

    private void readLoop(Handler handler, int idleMillis) {
        String reason = peer + " closed the link";
        try {
            while (true) {
                Frame f;
                try {
                    f = reader.read();
                } catch (ProtocolException e) {
                    if (!e.recoverable()) {
                        throw e;
                    }
                    // A frame type from a newer version: skipped whole; say so and carry on.
                    tell(e.code(), e.getMessage());
                    continue;
                }
                if (f == null) {
                    break;
                }
                handler.frame(this, f);
            }
        } catch (SocketTimeoutException e) {
            reason = "the link to " + peer + " went quiet (nothing for " + idleMillis + " ms)";
        } catch (ProtocolException e) {
            reason = peer + " sent a bad frame: " + e.getMessage();
            refuse(e.code(), e.getMessage());
        } catch (IOException e) {
            reason = open ? "lost the link to " + peer + ": " + e.getMessage() : closeReason;
        } catch (RuntimeException e) {
            log.error("reading from {}", peer, e);
            reason = "internal error reading from " + peer + ": " + e;
        } finally {
            close(reason);
            handler.closed(this, closeReason);
        }
    }

    /**
     * Tells the friend why we are closing (best effort), then closes. Nothing is written after
     * the error, so it is the last frame the friend reads (a ping due at that moment once was).
     */
    public void refuse(ErrorCode code, String message) {
        synchronized (this) {
            tell(code, message);
            if (open) {
                closeReason = message;
                open = false;
            }
        }
        close(message);
    }

    private void tell(ErrorCode code, String message) {
        try {
            synchronized (this) {
                writer.write(Frame.of(Header.error(null, null, code, message, null)));
                writer.flush();
            }
        } catch (IOException ignored) {
            // the link is failing anyway
        }
    }

    /**
     * Closes at once, though a write may be stuck on a friend who stopped reading: a plain
     * close would wait for that write's lock to send its close_notify. With SO_LINGER at zero
     * the TLS layer gives up on the lock, shuts the socket's output (which ends the stuck
     * write) and resets the connection.
     */
    public void abort(String reason) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        close(reason);
    }

    public void close(String reason) {
        if (open) {
            closeReason = reason;
            open = false;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "link to " + peer + " (dialled by " + dialer + ")";
    }
}
