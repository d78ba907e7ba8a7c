package dev.parley.app.transfer;

/** Where a transfer stands, on either side. */
public enum TransferState {
    /** Sender: hashing the file before offering it. */
    PREPARING,
    /** Offered; waiting for the receiver to accept or decline (the sender re-offers while they are offline). */
    OFFERED,
    /** Accepted: bytes are moving, or will as soon as both are online. */
    ACTIVE,
    /** Stopped by either person, or by a full disk; the partial file is kept for resume. */
    PAUSED,
    DONE,
    /** The file changed on the sender's disk, or arrived damaged; {@code error} says which. */
    FAILED,
    DECLINED,
    CANCELLED;

    /** Nothing more happens to a transfer in this state. */
    public boolean finished() {
        return this == DONE || this == DECLINED || this == CANCELLED;
    }
}
