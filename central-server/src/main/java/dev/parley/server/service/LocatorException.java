package dev.parley.server.service;

import dev.parley.protocol.ErrorCode;

/** A request the locator refuses; becomes an ERROR frame with this code and message. */
public final class LocatorException extends Exception {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public LocatorException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public LocatorException(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
