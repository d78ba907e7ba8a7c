package dev.parley.app.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Hashes a partial file from its first byte, following the writer as bytes land, on a thread of
 * its own: the network thread only moves bytes, and after a resume the bytes already on disk are
 * hashed while new ones arrive instead of before.
 */
final class Verifier implements AutoCloseable {

    private final FileChannel channel;
    private final long size;
    private final MessageDigest md = Sha256.digest();
    private final Thread thread;
    private long available;
    private long hashed;
    private long synced;
    static final long SYNC_EVERY = 32L << 20;
    private boolean stopped;
    private String result;
    private IOException failure;

    Verifier(Path partial, long size, String name) throws IOException {
        this.channel = FileChannel.open(partial, StandardOpenOption.READ);
        this.size = size;
        this.thread = Thread.ofPlatform().daemon().name("transfer-verify-" + name).start(this::run);
    }

    /** Bytes {@code [0, written)} are in the file. */
    synchronized void advance(long written) {
        available = written;
        notifyAll();
    }

    /** The whole file's hash, once every byte is written and read back. */
    synchronized String await() throws IOException, InterruptedException {
        while (result == null && failure == null && !stopped) {
            wait();
        }
        if (failure != null) {
            throw failure;
        }
        if (result == null) {
            throw new InterruptedIOException("verification stopped");
        }
        return result;
    }

    private void run() {
        LowPriority.lowerPriority();
        byte[] buf = new byte[Sha256.BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try {
            while (true) {
                long upTo;
                synchronized (this) {
                    while (available <= hashed && !stopped && hashed < size) {
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
                    upTo = available;
                }
                if (hashed - synced >= SYNC_EVERY) {
                    // Keeps the kernel's backlog of unwritten pages short: a long one makes every
                    // other write on this disk (the chat history's) wait behind it.
                    channel.force(false);
                    synced = hashed;
                }
                while (hashed < upTo) {
                    bb.clear().limit((int) Math.min(buf.length, upTo - hashed));
                    int n = channel.read(bb, hashed);
                    if (n < 0) {
                        throw new IOException("the partial file is shorter than the " + upTo + " bytes written to it");
                    }
                    md.update(buf, 0, n);
                    hashed += n;
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
