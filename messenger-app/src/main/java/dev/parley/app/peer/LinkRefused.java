package dev.parley.app.peer;

import dev.parley.protocol.ErrorCode;
import java.io.IOException;

/** A direct link that could not be established, and why, in words. */
public final class LinkRefused extends IOException {

    private final ErrorCode code;

    public LinkRefused(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public LinkRefused(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
