package dev.parley.app.chat;

import dev.parley.protocol.FrameType;
import java.nio.charset.StandardCharsets;

/** What a chat message may be. */
public final class TextLimits {

    /** UTF-8 bytes of one message: what a TEXT frame may carry. */
    public static final int MAX_BYTES = FrameType.TEXT.maxPayload();

    private TextLimits() {
    }

    /** Throws with a sentence for the user when {@code text} cannot be sent. */
    public static byte[] check(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("cannot send an empty message");
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_BYTES) {
            throw new IllegalArgumentException("message too long: " + utf8.length + " bytes of UTF-8, the limit is "
                    + MAX_BYTES + " (64 KiB); send it as a file instead");
        }
        return utf8;
    }
}
