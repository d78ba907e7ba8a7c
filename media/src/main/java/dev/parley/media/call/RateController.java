package dev.parley.media.call;

/**
 * Picks the video bitrate: down when the link shows it cannot carry what is sent (the sender had
 * to skip pictures because the last one was still being written, or the receiver reports queueing
 * delay), and back up, step by step, after a few calm seconds — so a call that hit a slow patch
 * returns to full quality when the patch passes.
 */
public final class RateController {

    private static final double DOWN = 0.75;
    private static final double UP = 1.15;
    private static final int CALM_SECONDS = 2;
    private static final double DELAY_LIMIT_MS = 80;

    private final long min;
    private final long max;
    private long target;
    private int skipped;
    private double delayMs;
    private int calm;

    public RateController(long min, long max) {
        this.min = min;
        this.max = max;
        this.target = max;
    }

    public synchronized long target() {
        return target;
    }

    /** The sender skipped a picture: the link is not keeping up. */
    public synchronized void skipped() {
        skipped++;
    }

    /** The receiver's latest queueing delay. */
    public synchronized void delay(double ms) {
        delayMs = ms;
    }

    /** Once a second: decide. Returns the new target. */
    public synchronized long tick() {
        boolean congested = skipped > 1 || delayMs > DELAY_LIMIT_MS;
        if (congested) {
            target = Math.max(min, (long) (target * DOWN));
            calm = 0;
        } else if (++calm >= CALM_SECONDS && target < max) {
            target = Math.min(max, (long) (target * UP));
            calm = CALM_SECONDS - 1;
        }
        skipped = 0;
        return target;
    }
}
