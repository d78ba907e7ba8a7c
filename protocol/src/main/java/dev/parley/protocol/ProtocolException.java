package dev.parley.protocol;

import java.io.IOException;

/**
 * Something on the wire broke the protocol. {@link #recoverable()} says whether the stream is
 * still in step (the whole bad frame was consumed), so the link may answer with an error frame
 * and go on; otherwise it answers if it can and closes.
 */
public class ProtocolException extends IOException {

    private final ErrorCode code;
    private final boolean recoverable;

    public ProtocolException(ErrorCode code, String message, boolean recoverable) {
        super(message);
        this.code = code;
        this.recoverable = recoverable;
    }

    public ProtocolException(ErrorCode code, String message, boolean recoverable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.recoverable = recoverable;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean recoverable() {
        return recoverable;
    }
}
