package dev.parley.media.call;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import java.io.IOException;
import java.net.Socket;
import java.util.Objects;

/**
 * One of a call's media connections (authenticated already), carrying frames both ways. Writes
 * from several threads are serialised. An optional limit (bits per second) paces writes as a slow
 * link would; benchmarks and tests use it to see the bitrate adapt.
 */
public final class Channel implements AutoCloseable {

    private final Socket socket;
    private final FrameReader reader;
    private final FrameWriter writer;
    private final Object writeLock = new Object();
    private volatile long limitBps;
    private long budgetNanos;

    public Channel(Socket socket, FrameReader reader) throws IOException {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.writer = new FrameWriter(socket.getOutputStream());
    }

    /** Paces writes to {@code bps} (0: as fast as the socket goes). */
    public void limit(long bps) {
        limitBps = bps;
    }

    /** Reads the next frame; null at the end of the stream. */
    public Frame read() throws IOException {
        return reader.read();
    }

    public void write(Header h, byte[] payload) throws IOException {
        synchronized (writeLock) {
            pace(payload.length + 100);
            writer.write(new Frame(h.withLength(payload.length), payload));
            writer.flush();
        }
    }

    public void write(Frame f) throws IOException {
        synchronized (writeLock) {
            pace(f.payload().length + 100);
            writer.write(f);
            writer.flush();
        }
    }

    private void pace(int bytes) throws IOException {
        long bps = limitBps;
        if (bps <= 0) {
            return;
        }
        long now = System.nanoTime();
        budgetNanos = Math.max(budgetNanos, now);
        budgetNanos += bytes * 8L * 1_000_000_000L / bps;
        long wait = budgetNanos - now;
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pacing", e);
            }
        }
    }

    public void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
