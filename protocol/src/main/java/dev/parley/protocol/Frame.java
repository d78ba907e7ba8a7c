package dev.parley.protocol;

import java.util.Objects;

/** One frame: a header and exactly {@code header.length()} payload bytes. */
public record Frame(Header header, byte[] payload) {

    private static final byte[] EMPTY = new byte[0];

    public Frame {
        Objects.requireNonNull(header, "header");
        payload = payload == null ? EMPTY : payload;
        if (header.length() != payload.length) {
            header = header.withLength(payload.length);
        }
    }

    public static Frame of(Header header) {
        return new Frame(header, EMPTY);
    }

    public FrameType type() {
        return header.type();
    }

    public Command command() {
        return header.command();
    }
}
