package dev.parley.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Helpers that build raw frame bytes by hand, so tests can say exactly what goes on the wire. */
final class Bytes {
    private Bytes() {
    }

    static byte[] frame(String headerJson, byte[] payload) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        return frame(h, payload);
    }

    static byte[] frame(byte[] header, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.length >>> 24);
        out.write(header.length >>> 16);
        out.write(header.length >>> 8);
        out.write(header.length);
        out.writeBytes(header);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] encode(Frame f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(out);
        w.write(f);
        w.flush();
        return out.toByteArray();
    }

    /** A stream that hands out one byte per read call, like a slow network. */
    static InputStream trickle(byte[] data) {
        return new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                int c = read();
                if (c < 0) {
                    return -1;
                }
                b[off] = (byte) c;
                return 1;
            }
        };
    }
}
