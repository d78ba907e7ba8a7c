package dev.parley.app.chat;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a file's pages in memory by mapping it (read-only) and touching each page now and then.
 *
 * <p>For the history's WAL. SQLite writes it in frames of 24 + 2,048 bytes, so most writes
 * fill only part of a 4 KiB memory page. When the OS has dropped that page from its cache, the
 * write first reads the page back from disk, and the message being committed waits for the
 * read. The WAL is reused from its first byte every few seconds, and between two rounds the OS
 * dropped some of its pages as unused: on these machines the kernel's cold-page reclaim
 * ({@code kdamond}) drops file pages that no process maps. During {@code bench text}, that
 * was 120-180 disk reads a second inside message commits, on the threads that store and
 * acknowledge messages. Pages mapped into a process are not dropped that way, and a touch
 * that finds one dropped reads it back here, on the maintenance thread, not in a commit.
 *
 * <p>Only where mapping a file leaves it free to be truncated and deleted (not Windows, where
 * SQLite could then not shrink or remove its WAL). Not thread-safe: one maintenance thread.
 */
final class ResidentPages {

    private static final int PAGE = 4096;
    /** Each mapping covers at most this much. */
    private static final long CHUNK = 8L << 20;

    private final Path file;
    private final long maxBytes;
    private final List<MappedByteBuffer> maps = new ArrayList<>();
    private long mapped;

    /**
     * @param maxBytes never map more of the file than this
     */
    ResidentPages(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** Whether this platform lets SQLite truncate and delete a file another mapping holds. */
    static boolean supported() {
        return !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    /**
     * Maps what the file has grown by since the last call and touches every mapped page that is
     * still inside the file. Returns the bytes touched, or -1 if the file shrank under the touch.
     */
    long keep() {
        long size;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            size = Math.min(ch.size(), maxBytes);
            while (mapped < size) {
                long n = Math.min(CHUNK, size - mapped);
                maps.add(ch.map(FileChannel.MapMode.READ_ONLY, mapped, n));
                mapped += n;
            }
        } catch (IOException e) {
            return 0; // no WAL yet (or any more): nothing to keep
        }
        return touch(size);
    }

    /**
     * Reads a byte of each page below {@code size}. A writer may shrink the file meanwhile (SQLite
     * cuts an overgrown WAL back when it starts over); touching a page past the new end is a
     * fault the JVM reports as an InternalError, and the rest waits for the next call.
     */
    long touch(long size) {
        long done = 0;
        try {
            int sum = 0;
            for (MappedByteBuffer m : maps) {
                int limit = (int) Math.min(m.capacity(), size - done);
                for (int at = 0; at < limit; at += PAGE) {
                    sum += m.get(at);
                }
                done += limit;
                if (done >= size) {
                    break;
                }
            }
            sink = sum;
        } catch (InternalError truncated) {
            return -1;
        }
        return done;
    }

    /** Keeps the touching loop from being optimized away. */
    @SuppressWarnings("unused")
    private volatile int sink;
}
