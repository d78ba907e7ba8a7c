package dev.parley.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Header} as its JSON object into an array with room left before and after it
 * (for a frame's length prefix and payload): one allocation per frame. The same walk over the
 * fields runs twice, first only counting bytes to size the array. A header is a flat object of
 * strings, integers and one boolean, which is all this writes; Jackson's generator costs half a
 * kilobyte of objects per call, and every frame on the locator passes through here.
 *
 * <p>Strings are escaped as JSON requires ({@code "}, {@code \}, control characters); other
 * characters are written as UTF-8, and a lone surrogate, which UTF-8 cannot carry, as {@code \}{@code uXXXX}.
 */
final class HeaderJson {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private HeaderJson() {
    }

    /** {@code before} free bytes, the header's JSON, {@code after} free bytes. */
    static byte[] write(Header h, int before, int after) {
        Cursor size = new Cursor(null, 0);
        object(h, size);
        byte[] out = new byte[before + size.at + after];
        Cursor c = new Cursor(out, before);
        object(h, c);
        return out;
    }

    private static void object(Header h, Cursor c) {
        c.put('{');
        c.field("type", h.type().name());
        c.field("command", h.command() == null ? null : h.command().name());
        c.field("id", h.id());
        c.field("re", h.re());
        c.field("from", h.from());
        c.field("to", h.to());
        c.field("ts", h.ts());
        c.number("length", h.length());
        c.field("code", h.code() == null ? null : h.code().name());
        c.field("error", h.error());
        c.field("retryAfterMs", h.retryAfterMs());
        c.field("charset", h.charset());
        c.field("fileName", h.fileName());
        c.field("fileSize", h.fileSize());
        c.field("offset", h.offset());
        c.field("sha256", h.sha256());
        c.field("seq", h.seq());
        if (h.keyframe() != null) {
            c.name("keyframe");
            c.ascii(h.keyframe() ? "true" : "false");
        }
        c.put('}');
    }

    /** Writes into {@code out}, or with a null {@code out} only counts. */
    private static final class Cursor {
        final byte[] out;
        int at;
        boolean first = true;

        Cursor(byte[] out, int at) {
            this.out = out;
            this.at = at;
        }

        void put(int b) {
            if (out != null) {
                out[at] = (byte) b;
            }
            at++;
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                put(s.charAt(i));
            }
        }

        void name(String name) {
            if (!first) {
                put(',');
            }
            first = false;
            put('"');
            ascii(name);
            put('"');
            put(':');
        }

        void field(String name, String value) {
            if (value != null) {
                name(name);
                put('"');
                escaped(value);
                put('"');
            }
        }

        void field(String name, Long value) {
            if (value != null) {
                number(name, value);
            }
        }

        void number(String name, long v) {
            name(name);
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            if (v < 0) {
                put('-');
                v = -v;
            }
            long div = 1;
            while (v / div >= 10) {
                div *= 10;
            }
            for (; div > 0; div /= 10) {
                put('0' + (int) (v / div % 10));
            }
        }

        void escaped(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '"' || ch == '\\') {
                    put('\\');
                    put(ch);
                } else if (ch < 0x20) {
                    unicodeEscape(ch);
                } else if (ch < 0x80) {
                    put(ch);
                } else if (ch < 0x800) {
                    put(0xC0 | (ch >> 6));
                    put(0x80 | (ch & 0x3F));
                } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, s.charAt(++i));
                    put(0xF0 | (cp >> 18));
                    put(0x80 | ((cp >> 12) & 0x3F));
                    put(0x80 | ((cp >> 6) & 0x3F));
                    put(0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(ch)) {
                    unicodeEscape(ch);
                } else {
                    put(0xE0 | (ch >> 12));
                    put(0x80 | ((ch >> 6) & 0x3F));
                    put(0x80 | (ch & 0x3F));
                }
            }
        }

        private void unicodeEscape(char ch) {
            put('\\');
            put('u');
            put(HEX[(ch >> 12) & 0xF]);
            put(HEX[(ch >> 8) & 0xF]);
            put(HEX[(ch >> 4) & 0xF]);
            put(HEX[ch & 0xF]);
        }
    }
}
