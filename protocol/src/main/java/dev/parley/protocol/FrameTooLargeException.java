package dev.parley.protocol;

/** A declared header or payload length over its limit; nothing was allocated for it. */
public class FrameTooLargeException extends ProtocolException {
    private final long declared;
    private final long limit;

    public FrameTooLargeException(String what, long declared, long limit) {
        super(ErrorCode.FRAME_TOO_LARGE, String.format("%s %,d exceeds limit %,d", what, declared, limit), false);
        this.declared = declared;
        this.limit = limit;
    }

    public long declared() {
        return declared;
    }

    public long limit() {
        return limit;
    }
}
