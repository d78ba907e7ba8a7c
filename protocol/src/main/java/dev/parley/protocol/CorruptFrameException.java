package dev.parley.protocol;

/** The bytes cannot be a frame: bad UTF-8 or JSON, a bad length field, a stream cut mid-frame. */
public class CorruptFrameException extends ProtocolException {
    public CorruptFrameException(String message) {
        super(ErrorCode.BAD_FRAME, message, false);
    }

    public CorruptFrameException(String message, Throwable cause) {
        super(ErrorCode.BAD_FRAME, message, false, cause);
    }
}
