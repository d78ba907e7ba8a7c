package dev.parley.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link Header} as its JSON object, sized exactly before a byte is written, into an
 * array with room left before and after it (for a frame's length prefix and payload): one
 * allocation per frame. A header is a flat object of strings, integers and one boolean, which is
 * all this writes; Jackson's generator costs half a kilobyte of objects per call, and every frame
 * on the locator passes through here.
 *
 * <p>Strings are escaped as JSON requires ({@code "}, {@code \}, control characters); other
 * characters are written as UTF-8, and a lone surrogate, which UTF-8 cannot carry, as {@code \}{@code uXXXX}.
 */
final class HeaderJson {

    private HeaderJson() {
    }

    /** {@code before} free bytes, the header's JSON, {@code after} free bytes. */
    static byte[] write(Header h, int before, int after) {
        String command = h.command() == null ? null : h.command().name();
        String code = h.code() == null ? null : h.code().name();
        int size = 2 // { }
                + field("type", h.type().name()) + field("command", command) + field("id", h.id())
                + field("re", h.re()) + field("from", h.from()) + field("to", h.to()) + field("ts", h.ts())
                + field("length", h.length()) + field("code", code) + field("error", h.error())
                + field("retryAfterMs", h.retryAfterMs()) + field("charset", h.charset())
                + field("fileName", h.fileName()) + field("fileSize", h.fileSize()) + field("offset", h.offset())
                + field("sha256", h.sha256()) + field("seq", h.seq())
                + (h.keyframe() == null ? 0 : name("keyframe") + (h.keyframe() ? 4 : 5));
        int fields = 1 + count(command) + count(h.id()) + count(h.re()) + count(h.from()) + count(h.to()) + count(h.ts())
                + 1 + count(code) + count(h.error()) + count(h.retryAfterMs()) + count(h.charset())
                + count(h.fileName()) + count(h.fileSize()) + count(h.offset()) + count(h.sha256()) + count(h.seq())
                + count(h.keyframe());
        size += fields - 1; // commas
        byte[] out = new byte[before + size + after];
        Cursor c = new Cursor(out, before);
        c.put('{');
        c.field("type", h.type().name());
        c.field("command", command);
        c.field("id", h.id());
        c.field("re", h.re());
        c.field("from", h.from());
        c.field("to", h.to());
        c.field("ts", h.ts());
        c.field("length", h.length());
        c.field("code", code);
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
        if (c.at != before + size) {
            throw new IllegalStateException("header JSON sized " + size + " but wrote " + (c.at - before));
        }
        return out;
    }

    private static int count(Object value) {
        return value == null ? 0 : 1;
    }

    /** {@code "name":} */
    private static int name(String name) {
        return name.length() + 3;
    }

    private static int field(String name, String value) {
        return value == null ? 0 : name(name) + 2 + escapedLength(value);
    }

    private static int field(String name, Long value) {
        return value == null ? 0 : name(name) + stringSize(value);
    }

    private static int field(String name, long value) {
        return name(name) + stringSize(value);
    }

    private static int stringSize(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int sign = v < 0 ? 1 : 0;
        long x = Math.abs(v);
        int n = 1;
        for (long p = 10; n < 19 && x >= p; p *= 10) {
            n++;
        }
        return sign + n;
    }

    private static int escapedLength(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                n += 2;
            } else if (ch < 0x20) {
                n += 6;
            } else if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(ch)) {
                n += 6;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static final class Cursor {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        final byte[] out;
        int at;
        boolean first = true;

        Cursor(byte[] out, int at) {
            this.out = out;
            this.at = at;
        }

        void put(int b) {
            out[at++] = (byte) b;
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
                field(name, value.longValue());
            }
        }

        void field(String name, long value) {
            name(name);
            int end = at + stringSize(value);
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            long x = Math.abs(value);
            if (value < 0) {
                put('-');
            }
            int p = end;
            do {
                out[--p] = (byte) ('0' + (int) (x % 10));
                x /= 10;
            } while (x != 0);
            at = end;
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
