package dev.parley.protocol;

/** The {@code code} of an ERROR frame. Clients branch on the code; {@code error} is for people. */
public enum ErrorCode {
    // framing: the connection is closed after these, except UNKNOWN_TYPE / UNKNOWN_COMMAND
    BAD_FRAME, FRAME_TOO_LARGE, UNKNOWN_TYPE, UNKNOWN_COMMAND, TIMEOUT,
    // requests
    BAD_REQUEST, NOT_LOGGED_IN, ALREADY_LOGGED_IN, RATE_LIMITED, INTERNAL,
    // accounts and sessions
    INVALID_USERNAME, WEAK_PASSWORD, USERNAME_TAKEN, NO_SUCH_USER, WRONG_PASSWORD, INVALID_TOKEN,
    SESSION_REPLACED,
    // friends and lookup
    SELF, ALREADY_FRIENDS, REQUEST_PENDING, NO_SUCH_REQUEST, NOT_FRIEND, OFFLINE,
    // direct links
    KEY_MISMATCH, WRONG_PEER, DUPLICATE_LINK,
    // file transfers
    NO_SUCH_TRANSFER, BAD_OFFSET, HASH_MISMATCH, FILE_CHANGED;

    /** The code written as {@code name}, or INTERNAL for a code this version does not know. */
    public static ErrorCode fromWire(String name) {
        for (ErrorCode c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
