package dev.parley.app.transfer;

/**
 * How far a running transfer is, a few times a second.
 *
 * @param done           bytes on the receiver's disk (receiving), sent (sending) or hashed (preparing)
 * @param bytesPerSecond recent speed, smoothed
 * @param wireBytes      sending: bytes put on the wire for this transfer since the app started,
 *                       resends included
 */
public record Progress(String id, String peer, boolean outgoing, boolean preparing, long done, long size,
                       double bytesPerSecond, long wireBytes) {

    /** Seconds left at the current speed, or -1 when unknown. */
    public long secondsLeft() {
        return bytesPerSecond <= 1 ? -1 : (long) Math.ceil((size - done) / bytesPerSecond);
    }

    public double fraction() {
        return size == 0 ? 1 : (double) done / size;
    }
}
