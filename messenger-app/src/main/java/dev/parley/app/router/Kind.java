package dev.parley.app.router;

/** What an envelope carries; decides its priority (lower goes first). */
public enum Kind {
    COMMAND(0), TEXT(1), FILE(2), VIDEO(2), AUDIO(2), PROGRESS(2);

    static final int PRIORITIES = 3;

    private final int priority;

    Kind(int priority) {
        this.priority = priority;
    }

    public int priority() {
        return priority;
    }

    /** Bulk kinds may be dropped by a lane that is full and must not block its producers. */
    public boolean bulk() {
        return priority == PRIORITIES - 1;
    }
}
