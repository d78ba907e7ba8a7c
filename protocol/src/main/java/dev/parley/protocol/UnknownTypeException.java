package dev.parley.protocol;

/**
 * A well-formed frame whose type or command this version does not know. Its payload was skipped,
 * so the stream is still in step: answer with an error frame and keep the link.
 */
public class UnknownTypeException extends ProtocolException {
    private final Header partial;

    public UnknownTypeException(ErrorCode code, String message, Header partial) {
        super(code, message, true);
        this.partial = partial;
    }

    /** What could be read of the header (id, for the reply), or null. */
    public Header partial() {
        return partial;
    }
}
