package dev.parley.media.call;

import java.util.Arrays;

/** The last second's samples of something (latency, say) for medians and percentiles; thread-safe. */
final class Window {

    private double[] values = new double[64];
    private int n;

    synchronized void add(double v) {
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
        }
        values[n++] = v;
    }

    /** The {@code q} quantile (0–1) of what was added since the last drain, then forgets it; NaN if nothing. */
    synchronized double[] drain(double... qs) {
        double[] out = new double[qs.length];
        if (n == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        for (int i = 0; i < qs.length; i++) {
            out[i] = sorted[(int) Math.min(n - 1, Math.floor(qs[i] * n))];
        }
        n = 0;
        return out;
    }
}
