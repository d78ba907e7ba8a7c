package dev.parley.protocol;

/**
 * A request the other side refuses: the locator throws it to answer with an ERROR frame, and
 * the client raises it when that ERROR arrives. {@link #getMessage()} is the sentence for the user.
 */
public final class RequestRefused extends Exception {
    private final ErrorCode code;
    private final Long retryAfterMs;

    public RequestRefused(ErrorCode code, String message) {
        this(code, message, null);
    }

    public RequestRefused(ErrorCode code, String message, Long retryAfterMs) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMs = retryAfterMs;
    }

    public ErrorCode code() {
        return code;
    }

    /** When a RATE_LIMITED request may be tried again, or null. */
    public Long retryAfterMs() {
        return retryAfterMs;
    }
}
