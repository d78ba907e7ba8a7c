package dev.parley.app.call;

/** Where a call is. */
public enum CallState {
    /** We rang; the friend's app has not said it rings yet. */
    CALLING,
    /** The friend's app rings (outgoing), or ours does (incoming). */
    RINGING,
    /** Picked up; the media connections are opening. */
    CONNECTING,
    ACTIVE,
    ENDED;

    public boolean live() {
        return this != ENDED;
    }
}
