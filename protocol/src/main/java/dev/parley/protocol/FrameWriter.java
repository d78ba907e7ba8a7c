package dev.parley.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes frames (layout in {@link FrameReader}). Not thread-safe: exactly one writer per
 * connection. A frame whose payload is up to 16 KiB goes out in a single {@code write}, so it needs no buffered
 * stream to leave as one TLS record; call {@link #flush()} when there is nothing more to send.
 */
public final class FrameWriter {

    private final OutputStream out;
    private final Limits limits;
    private final HeaderCodec codec;
    private static final int SINGLE_WRITE_MAX = 16 * 1024;

    public FrameWriter(OutputStream out, Limits limits, HeaderCodec codec) {
        this.out = Objects.requireNonNull(out, "out");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public FrameWriter(OutputStream out) {
        this(out, Limits.DEFAULT, new HeaderCodec());
    }

    /** Writes one frame; refuses (before writing a byte) one the peer would refuse for its size. */
    public void write(Frame frame) throws IOException {
        write(frame.header(), frame.payload(), 0, frame.payload().length);
    }

    /** Writes one frame whose payload is {@code len} bytes of {@code payload} from {@code off}; the header's length is set to match. */
    public void write(Header h, byte[] payload, int off, int len) throws IOException {
        Header header0 = h.length() == len ? h : h.withLength(len);
        int limit = limits.maxPayload(header0.type());
        if (len > limit) {
            throw new FrameTooLargeException("payload length of " + header0.type() + " frame", len, limit);
        }
        // One write per small frame: on TLS each write becomes a record, and an unbuffered stream
        // keeps no per-connection buffer alive between frames. The header is written into the
        // frame's own array, so a small frame costs one allocation.
        boolean single = len <= SINGLE_WRITE_MAX;
        byte[] buf = codec.encode(header0, 4, single ? len : 0);
        int n = buf.length - 4 - (single ? len : 0);
        if (n > limits.maxHeader()) {
            throw new FrameTooLargeException("header length", n, limits.maxHeader());
        }
        buf[0] = (byte) (n >>> 24);
        buf[1] = (byte) (n >>> 16);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        if (single) {
            System.arraycopy(payload, off, buf, 4 + n, len);
            out.write(buf);
        } else {
            out.write(buf);
            out.write(payload, off, len);
        }
    }

    public void flush() throws IOException {
        out.flush();
    }
}
