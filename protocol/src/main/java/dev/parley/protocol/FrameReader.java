package dev.parley.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads frames from a blocking stream, checking every declared length against its limit before
 * allocating anything.
 *
 * <pre>
 *  0               4                       4+H                      4+H+P
 *  +---------------+-----------------------+------------------------+
 *  | H: u32 BE     | header: H bytes UTF-8 | payload: P bytes       |
 *  | header length | JSON object           | (P = header.length)    |
 *  +---------------+-----------------------+------------------------+
 * </pre>
 *
 * <p>Not thread-safe: one reader per connection, on that connection's reader thread. After a
 * {@link ProtocolException} that is not {@link ProtocolException#recoverable() recoverable} the
 * stream is out of step and must be closed.
 */
public final class FrameReader {

    private final InputStream in;
    private final Limits limits;
    private final HeaderCodec codec;
    private final byte[] lengthBytes = new byte[4];

    public FrameReader(InputStream in, Limits limits, HeaderCodec codec) {
        this.in = Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public FrameReader(InputStream in) {
        this(in, Limits.DEFAULT, new HeaderCodec());
    }

    /** Whether bytes of a next frame have arrived already and can be read without blocking. */
    public boolean moreWaiting() throws IOException {
        return in.available() > 0;
    }

    /** The next frame, or null when the stream ends cleanly between frames. */
    public Frame read() throws IOException {
        Header header = readHeader();
        if (header == null) {
            return null;
        }
        byte[] payload = new byte[(int) header.length()];
        readFully(payload, 0, payload.length, "payload");
        return new Frame(header, payload);
    }

    /**
     * The next frame's header only, its length checked against the limit; the caller must then read
     * exactly {@code length} payload bytes with {@link #readPayload} (bulk data goes into a buffer
     * of the caller's, not a new array per frame). Null when the stream ends cleanly.
     */
    public Header readHeader() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        lengthBytes[0] = (byte) first;
        readFully(lengthBytes, 1, 3, "header length");
        long headerLength = ((lengthBytes[0] & 0xFFL) << 24) | ((lengthBytes[1] & 0xFFL) << 16)
                | ((lengthBytes[2] & 0xFFL) << 8) | (lengthBytes[3] & 0xFFL);
        if (headerLength > limits.maxHeader()) {
            throw new FrameTooLargeException("header length", headerLength, limits.maxHeader());
        }
        if (headerLength == 0) {
            throw new CorruptFrameException("header length 0: a header must be a JSON object");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(headerBytes, 0, headerBytes.length, "header");
        HeaderCodec.Decoded decoded = codec.decode(headerBytes);

        FrameType type = decoded.known() ? decoded.header().type() : null;
        long limit = type != null ? limits.maxPayload(type) : limits.maxPayloadUnknownType();
        if (decoded.length() > limit) {
            String what = "payload length of " + (decoded.rawType() == null ? "untyped" : decoded.rawType()) + " frame";
            throw new FrameTooLargeException(what, decoded.length(), limit);
        }
        if (!decoded.known()) {
            // Skipped whole, so the stream stays in step for a reader that carries on.
            readFully(new byte[(int) decoded.length()], 0, (int) decoded.length(), "payload");
            throw unknown(decoded);
        }
        return decoded.header();
    }

    /** Reads {@code len} payload bytes of the frame whose header {@link #readHeader} returned. */
    public void readPayload(byte[] buf, int off, int len) throws IOException {
        readFully(buf, off, len, "payload");
    }

    private static UnknownTypeException unknown(HeaderCodec.Decoded d) {
        Header partial = new Header(FrameType.ERROR, null, d.id(), null, null, null, null, 0, null, null, null, null);
        if (d.rawType() == null) {
            return new UnknownTypeException(ErrorCode.UNKNOWN_TYPE, "frame has no type", partial);
        }
        if (FrameType.fromWire(d.rawType()).isEmpty()) {
            return new UnknownTypeException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + d.rawType() + "'", partial);
        }
        return new UnknownTypeException(ErrorCode.UNKNOWN_COMMAND, "unknown command '" + d.rawCommand() + "'", partial);
    }

    private void readFully(byte[] buf, int off, int len, String what) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(buf, off + done, len - done);
            if (n < 0) {
                int have = what.equals("header length") ? done + 1 : done;
                int want = what.equals("header length") ? 4 : len;
                throw new CorruptFrameException("stream ended after " + have + " of " + want + " " + what + " bytes",
                        new EOFException());
            }
            done += n;
        }
    }
}
