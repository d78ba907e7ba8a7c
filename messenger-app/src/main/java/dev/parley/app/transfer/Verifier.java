package dev.parley.app.transfer;

import dev.parley.app.core.LowPriority;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;

/**
 * Hashes a download on a thread of its own, so the network thread only moves bytes: first what
 * an earlier attempt left in the partial file (read back from the disk while new bytes arrive),
 * then the arriving pieces themselves, in the buffers they were read into. Reading every byte
 * back instead cost a disk read per byte written directly to the disk; that read-back was the
 * busiest thread of a transfer, most of it in the kernel.
 *
 * <p>The receiver {@link #take takes} a buffer, reads a piece into it, writes it to the file and
 * {@link #hash hands} it over; the buffer comes back once hashed. With every buffer waiting, the
 * receiver waits too, so memory stays at {@link #BUFFERS} pieces whatever the file's size.
 */
final class Verifier implements AutoCloseable {

    static final int BUFFERS = 16;
    /** Forces the partial file to the disk this often, so a resume loses little after a crash. */
    static final long SYNC_EVERY = 32L << 20;

    private record Piece(byte[] bytes, int length) {
    }

    private final FileChannel channel;
    private final long size;
    private final long start;
    private final MessageDigest md = Sha256.digest();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final ArrayDeque<Piece> full = new ArrayDeque<>();
    private final Thread thread;
    private long hashed;
    private long synced;
    private boolean stopped;
    private String result;
    private IOException failure;

    /**
     * @param start bytes {@code [0, start)} are already in {@code partial}; pieces handed over
     *              continue from there
     */
    Verifier(Path partial, long size, long start, int pieceBytes, String name) throws IOException {
        this.channel = FileChannel.open(partial, StandardOpenOption.READ);
        this.size = size;
        this.start = start;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[pieceBytes]);
        }
        this.thread = Thread.ofPlatform().daemon().name("transfer-verify-" + name).start(this::run);
    }

    /** A buffer to read the next piece into; waits while every buffer is waiting to be hashed. */
    synchronized byte[] take() throws IOException, InterruptedException {
        while (free.isEmpty() && failure == null && !stopped) {
            wait();
        }
        check();
        return free.poll();
    }

    /** Hands over the next {@code length} bytes of the file, in a buffer from {@link #take}. */
    synchronized void hash(byte[] buffer, int length) {
        full.add(new Piece(buffer, length));
        notifyAll();
    }

    /** The whole file's hash, once every byte up to its size has been handed over and hashed. */
    synchronized String await() throws IOException, InterruptedException {
        while (result == null && failure == null && !stopped) {
            wait();
        }
        if (result == null) {
            check();
        }
        return result;
    }

    private void check() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (stopped) {
            throw new InterruptedIOException("verification stopped");
        }
    }

    private void run() {
        LowPriority.lowerPriority();
        try {
            hashPrefix();
            while (true) {
                Piece p;
                synchronized (this) {
                    while (full.isEmpty() && !stopped && hashed < size) {
                        wait();
                    }
                    if (stopped) {
                        return;
                    }
                    if (hashed >= size) {
                        result = Sha256.hex(md.digest());
                        notifyAll();
                        return;
                    }
                    p = full.poll();
                }
                md.update(p.bytes(), 0, p.length());
                hashed += p.length();
                synchronized (this) {
                    free.add(p.bytes());
                    notifyAll();
                }
                if (hashed - synced >= SYNC_EVERY) {
                    // The file's new blocks and length reach the disk in steps, not all at the end.
                    channel.force(false);
                    synced = hashed;
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads back what an earlier attempt wrote. */
    private void hashPrefix() throws IOException {
        if (start == 0) {
            return;
        }
        byte[] buf = new byte[Sha256.BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        while (hashed < start) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
            }
            bb.clear().limit((int) Math.min(buf.length, start - hashed));
            int n = channel.read(bb, hashed);
            if (n < 0) {
                throw new IOException("the partial file is shorter than the " + start + " bytes it had");
            }
            md.update(buf, 0, n);
            hashed += n;
        }
        synced = hashed;
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        try {
            thread.join(2000);
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // only read from
        }
    }
}
