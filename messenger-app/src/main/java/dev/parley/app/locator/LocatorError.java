package dev.parley.app.locator;

import dev.parley.protocol.ErrorCode;

/** The locator refused a request; {@link #getMessage()} is its sentence for the user. */
public final class LocatorError extends Exception {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public LocatorError(ErrorCode code, String message, Long retryAfterMs) {
        super(message);
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
