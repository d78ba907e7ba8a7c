package dev.parley.app.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds from many threads; percentiles when done. */
public final class Samples {
    private long[] values = new long[1024];
    private int size;

    public synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** How many samples took longer than {@code nanos}. */
    public synchronized int countOver(long nanos) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (values[i] > nanos) {
                n++;
            }
        }
        return n;
    }

    /** The p-th percentile (0-100) in milliseconds, rounded to microseconds. */
    public double percentileMs(double p) {
        double nanos = percentileNanos(p);
        return Double.isNaN(nanos) ? nanos : Math.round(nanos / 1000.0) / 1000.0;
    }

    /** The p-th percentile (0-100) in microseconds, to the nanosecond. */
    public double percentileUs(double p) {
        return percentileNanos(p) / 1000.0;
    }

    private synchronized double percentileNanos(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int idx = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
        return sorted[idx];
    }

    public synchronized void clear() {
        size = 0;
    }
}
