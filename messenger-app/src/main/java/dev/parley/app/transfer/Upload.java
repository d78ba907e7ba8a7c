package dev.parley.app.transfer;

import dev.parley.app.core.LowPriority;
import dev.parley.app.peer.Authenticated;
import dev.parley.app.peer.Handshake;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The sending end of one data connection: streams the file from the offset the receiver asked for
 * in chunks of a quarter MiB, watching for the file changing underneath, then waits for the
 * receiver's verdict on the hash.
 */
final class Upload implements Job {

    /** How often (in bytes) the file's size and modification time are checked while sending. */
    static final long CHECK_EVERY = 64L << 20;
    static final int VERDICT_TIMEOUT_MS = 10 * 60_000;
    /**
     * Payload per chunk. Each is counted as sent before it is written, so a link that breaks
     * mid-chunk counts at most one chunk that never left; a quarter MiB keeps that small.
     */
    static final int CHUNK = 256 * 1024;

    private final Transfer transfer;
    private final Authenticated connection;
    private final long from;
    private final AtomicLong wire;
    private final BiConsumer<Job, Outcome> ended;
    private final AtomicLong position = new AtomicLong();
    private volatile boolean stopping;

    /**
     * @param from where the receiver's partial file ends
     * @param wire counts every byte sent for this transfer, across connections
     */
    Upload(Transfer t, Authenticated c, long from, AtomicLong wire, BiConsumer<Job, Outcome> ended) {
        this.transfer = Objects.requireNonNull(t, "transfer");
        this.connection = Objects.requireNonNull(c, "connection");
        this.from = from;
        this.wire = wire;
        this.ended = ended;
        position.set(from);
    }

    @Override
    public Transfer transfer() {
        return transfer;
    }

    @Override
    public long position() {
        return position.get();
    }

    @Override
    public void start() {
        Thread.ofPlatform().daemon().name("transfer-send-" + Job.shortId(transfer.id())).start(() -> {
            LowPriority.lowerPriority();
            ended.accept(this, run());
        });
    }

    @Override
    public void stop() {
        stopping = true;
        try {
            connection.socket().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Why the file is no longer the one offered, or null if it still is. */
    static String changed(Transfer t) {
        Path p = t.path();
        try {
            long size = Files.size(p);
            long mtime = Files.getLastModifiedTime(p).toMillis();
            if (size != t.size() || mtime != t.sourceMtime()) {
                return t.name() + " changed on disk while being sent (now " + size + " bytes, offered with " + t.size()
                        + "); send it again";
            }
            return null;
        } catch (NoSuchFileException e) {
            return t.name() + " was moved or deleted while being sent (" + p + ")";
        } catch (IOException e) {
            return "cannot read " + p + ": " + e.getMessage();
        }
    }

    Outcome run() {
        long size = transfer.size();
        try {
            connection.socket().setSendBufferSize(Handshake.FILE_SOCKET_BUFFER);
            FrameWriter writer = new FrameWriter(connection.socket().getOutputStream());
            String change = changed(transfer);
            if (change != null) {
                Job.tell(writer, ErrorCode.FILE_CHANGED, change);
                return new Outcome.Changed(change);
            }
            try (FileChannel file = FileChannel.open(transfer.path(), StandardOpenOption.READ)) {
                byte[] buf = new byte[CHUNK];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                long pos = from;
                long nextCheck = pos + CHECK_EVERY;
                while (pos < size) {
                    bb.clear().limit((int) Math.min(buf.length, size - pos));
                    int n = 0;
                    while (bb.hasRemaining()) {
                        int r = file.read(bb, pos + n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                    if (n == 0 || (pos + n < size && bb.hasRemaining())) {
                        String why = transfer.name() + " became shorter on disk while being sent; send it again";
                        Job.tell(writer, ErrorCode.FILE_CHANGED, why);
                        return new Outcome.Changed(why);
                    }
                    // Counted before the write: a write cut short by a pause still put some of it on the wire.
                    wire.addAndGet(n);
                    writer.write(Header.chunk(transfer.id(), pos, n), buf, 0, n);
                    pos += n;
                    position.set(pos);
                    if (pos >= nextCheck || pos == size) {
                        nextCheck = pos + CHECK_EVERY;
                        change = changed(transfer);
                        if (change != null) {
                            Job.tell(writer, ErrorCode.FILE_CHANGED, change);
                            return new Outcome.Changed(change);
                        }
                    }
                }
            }
            writer.flush();
            // Verifying a big file takes a while after its last byte.
            connection.socket().setSoTimeout(VERDICT_TIMEOUT_MS);
            Frame verdict = new FrameReader(connection.socket().getInputStream()).read();
            if (verdict == null) {
                return lost("the receiver closed the connection before confirming");
            }
            return switch (verdict.type()) {
                case OK -> new Outcome.Complete(null);
                case ERROR -> verdict.header().code() == ErrorCode.HASH_MISMATCH
                        ? new Outcome.Mismatch(verdict.header().error())
                        : new Outcome.Refused(verdict.header().code(), verdict.header().error());
                default -> new Outcome.Hostile("expected the receiver's verdict, got " + verdict.type());
            };
        } catch (ProtocolException e) {
            return new Outcome.Hostile("the receiver sent a bad frame: " + e.getMessage());
        } catch (IOException e) {
            return lost(e.getMessage());
        } finally {
            stop();
        }
    }

    private Outcome lost(String why) {
        return stopping ? new Outcome.Stopped() : new Outcome.Lost("connection lost at byte " + position.get() + ": " + why);
    }

}
