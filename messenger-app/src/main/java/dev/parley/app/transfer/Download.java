package dev.parley.app.transfer;

import dev.parley.app.core.LowPriority;
import dev.parley.app.peer.Authenticated;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The receiving end of one data connection: asks for the bytes after those already in the partial
 * file, checks every chunk's place and size against the offer, writes it at its offset, and when
 * the last byte is in compares the whole file's SHA-256 before moving it into place. Bytes go
 * socket → disk here and never through the router.
 */
final class Download implements Job {

    static final int PIECE = 128 * 1024;

    private final Transfer transfer;
    private final InputStream in;
    private final OutputStream out;
    private final AutoCloseable connection;
    private final BiConsumer<Job, Outcome> ended;
    private final AtomicLong position = new AtomicLong();
    private volatile boolean stopping;

    Download(Transfer t, Authenticated c, BiConsumer<Job, Outcome> ended) throws IOException {
        this(t, c.socket().getInputStream(), c.socket().getOutputStream(), c.socket(), ended);
    }

    /** Over any stream pair (tests feed hostile bytes through a plain socket). */
    Download(Transfer t, InputStream in, OutputStream out, AutoCloseable connection, BiConsumer<Job, Outcome> ended) {
        this.transfer = Objects.requireNonNull(t, "transfer");
        this.in = in;
        this.out = out;
        this.connection = connection;
        this.ended = ended;
        if (t.partial() == null || t.path() == null) {
            throw new IllegalArgumentException("transfer " + t.id() + " has no destination yet");
        }
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
        Thread.ofPlatform().daemon().name("transfer-recv-" + Job.shortId(transfer.id())).start(() -> {
            LowPriority.lowerPriority();
            ended.accept(this, run());
        });
    }

    @Override
    public void stop() {
        stopping = true;
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    Outcome run() {
        Path partial = transfer.partial();
        long size = transfer.size();
        try (PartialWriter file = PartialWriter.open(partial, size)) {
            long pos = file.written();
            position.set(pos);
            try (Verifier verifier = new Verifier(partial, size, pos, PIECE, Job.shortId(transfer.id()))) {
                FrameWriter writer = new FrameWriter(out);
                writer.write(Frame.of(Header.chunk(transfer.id(), pos, 0)));
                writer.flush();
                FrameReader reader = new FrameReader(in);
                try {
                    while (pos < size) {
                        Header h = reader.readHeader();
                        if (h == null) {
                            return lost(pos, "the sender closed the connection");
                        }
                        if (h.type() == FrameType.ERROR) {
                            return new Outcome.Refused(h.code(), h.error());
                        }
                        String bad = check(h, pos, size);
                        if (bad != null) {
                            Job.tell(writer, ErrorCode.BAD_OFFSET, bad);
                            return new Outcome.Hostile(bad);
                        }
                        // Written in pieces as they arrive: if this app dies, little of what the
                        // sender sent is lost in between.
                        for (long end = pos + h.length(); pos < end; ) {
                            int piece = (int) Math.min(PIECE, end - pos);
                            byte[] buf = verifier.take();
                            reader.readPayload(buf, 0, piece);
                            try {
                                file.write(buf, 0, piece);
                            } catch (IOException e) {
                                return new Outcome.DiskTrouble(diskMessage(e, partial));
                            }
                            verifier.hash(buf, piece);
                            pos += piece;
                            position.set(pos);
                        }
                    }
                } finally {
                    if (pos < size) {
                        keepWhatArrived(file);
                    }
                }
                try {
                    file.finish(size);
                    file.force();
                } catch (IOException e) {
                    return new Outcome.DiskTrouble(diskMessage(e, partial));
                }
                String actual = verifier.await();
                if (!actual.equals(transfer.sha256())) {
                    String why = transfer.name() + " arrived damaged: its SHA-256 is " + actual + ", the sender's is "
                            + transfer.sha256();
                    Job.tell(writer, ErrorCode.HASH_MISMATCH, why);
                    return new Outcome.Mismatch(why);
                }
                file.close();
                Path done = FileNames.moveIntoPlace(partial, transfer.path());
                writer.write(Frame.of(Header.ok(null, transfer.id(), 0)));
                writer.flush();
                return new Outcome.Complete(done);
            }
        } catch (ProtocolException e) {
            if (e.getCause() instanceof EOFException) {
                // Cut mid-chunk: the sender quit or the link dropped (or this side stopped); a resume fetches the rest.
                return lost(position.get(), e.getMessage());
            }
            return stopping ? new Outcome.Stopped() : new Outcome.Hostile("the sender sent a bad frame: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Stopped();
        } catch (IOException e) {
            if (stopping) {
                return new Outcome.Stopped();
            }
            if (!Files.isDirectory(partial.getParent())) {
                return new Outcome.DiskTrouble("the folder " + partial.getParent() + " is gone");
            }
            return lost(position.get(), e.getMessage());
        } finally {
            stop();
        }
    }

    /** Why this chunk header is not the next one of this transfer, or null if it is. */
    private String check(Header h, long pos, long size) {
        if (h.type() != FrameType.FILE) {
            return "expected a FILE chunk, got " + h.type();
        }
        if (!transfer.id().equals(h.id())) {
            return "a chunk for transfer " + h.id() + " arrived on the connection of " + transfer.id();
        }
        if (h.offset() == null || h.offset() != pos) {
            return "a chunk at offset " + h.offset() + " arrived where " + pos + " was next";
        }
        if (h.length() == 0) {
            return "an empty chunk at offset " + pos;
        }
        if (pos + h.length() > size) {
            return "a chunk of " + h.length() + " bytes at " + pos + " goes past the " + size + " bytes offered";
        }
        return null;
    }

    /** An interrupted download keeps the whole blocks it staged, so a resume asks for less again. */
    private static void keepWhatArrived(PartialWriter file) {
        try {
            file.flushBlocks();
        } catch (IOException ignored) {
            // the resume asks for these bytes again
        }
    }

    private Outcome lost(long pos, String why) {
        return stopping ? new Outcome.Stopped() : new Outcome.Lost("connection lost at byte " + pos + ": " + why);
    }


    static String diskMessage(IOException e, Path partial) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("not enough space")) {
            return "the disk is full: no room for the rest of " + partial.getFileName() + " in " + partial.getParent()
                    + "; free some space, then resume";
        }
        return "cannot write " + partial + ": " + m;
    }
}
