package dev.parley.app.chat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads how full a database's WAL is from the header SQLite keeps in its {@code -shm} file
 * (layout: sqlite.org/walformat.html, "The WAL-Index Header"), without a connection and
 * without checkpointing. SQLite itself offers no such query: the only call that reports the
 * WAL's frames is a checkpoint, and a completed checkpoint is what makes the next commit start
 * the WAL over, paying an fsync.
 */
final class WalIndex implements AutoCloseable {

    /**
     * @param salt       changes every time the WAL starts over
     * @param frames     pages written to the WAL since it last started over (mxFrame)
     * @param backfilled of those, how many a checkpoint has copied into the database (nBackfill)
     * @param pageSize   bytes per page
     */
    record State(int salt, long frames, long backfilled, int pageSize) {
        /** Bytes of WAL in use: the header plus each frame's 24-byte header and page. */
        long bytes() {
            return 32 + frames * (24L + pageSize);
        }
    }

    private static final int HEADER = 48;
    private static final int NBACKFILL = 96;

    private final Path shm;
    private final ByteBuffer buf = ByteBuffer.allocate(NBACKFILL + 4).order(ByteOrder.nativeOrder());
    private FileChannel channel;

    WalIndex(Path database) {
        this.shm = Path.of(database.toAbsolutePath() + "-shm");
    }

    /** The WAL's state now, or null if the header cannot be read or was being rewritten. */
    synchronized State read() {
        try {
            if (channel == null) {
                channel = FileChannel.open(shm, StandardOpenOption.READ);
            }
            buf.clear();
            while (buf.hasRemaining()) {
                if (channel.read(buf, buf.position()) < 0) {
                    return null;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        // SQLite writes the header twice, first copy last; equal copies mean it was not mid-update.
        if (buf.get(12) != 1 || !buf.slice(0, HEADER).equals(buf.slice(HEADER, HEADER))) {
            return null;
        }
        int size = Short.toUnsignedInt(buf.getShort(14));
        return new State(buf.getInt(32), Integer.toUnsignedLong(buf.getInt(16)),
                Integer.toUnsignedLong(buf.getInt(NBACKFILL)), size == 1 ? 65_536 : size);
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // read-only; nothing to lose
        }
        channel = null;
    }
}
