package dev.parley.media.call;

/**
 * One second of one direction of a stream, as shown on the call's quality line.
 *
 * @param fps        frames per second (sent, or received and decoded)
 * @param kbps       payload kilobits per second
 * @param latencyP50 capture to decoded (video) or to playout (audio), ms; NaN when nothing came
 * @param latencyP95 likewise, 95th percentile
 * @param lossPct    frames missing from the sequence, % of those expected
 */
public record StreamStats(double fps, double kbps, double latencyP50, double latencyP95, double lossPct) {

    public static final StreamStats NONE = new StreamStats(0, 0, Double.NaN, Double.NaN, 0);
}
