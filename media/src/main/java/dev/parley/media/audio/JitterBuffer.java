package dev.parley.media.audio;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * Holds arriving audio frames until their turn to play, deep enough to ride out the arrival
 * jitter seen lately and no deeper. The network thread {@link #put}s, the playout thread takes
 * one frame every 20 ms with {@link #take}. The target depth follows the spread of (arrival −
 * capture) over the last 3 s; when the buffer has more than that for a while, a frame is dropped
 * to catch up (latency never creeps up); when it runs dry, {@code take} says so and the player
 * conceals the gap.
 */
public final class JitterBuffer {

    /** What to play now: a frame's payload, or null with {@code missing} for a gap to conceal. */
    public record Slot(byte[] payload, long seq, long capturedMs, boolean missing) {
    }

    private static final int WINDOW = 150;
    private static final int MAX_FRAMES = 50;

    private final TreeMap<Long, Slot> frames = new TreeMap<>();
    private final long[] transit = new long[WINDOW];
    private int transits;
    private long nextSeq = -1;
    private boolean started;
    private int overTicks;
    private long late;
    private long lost;
    private long dropped;
    private long underruns;

    /** The network thread: frame {@code seq}, captured at {@code capturedMs}, arrived now. */
    public synchronized void put(long seq, long capturedMs, byte[] payload, long arrivedMs) {
        transit[transits++ % WINDOW] = arrivedMs - capturedMs;
        if (nextSeq >= 0 && seq < nextSeq) {
            late++;
            return;
        }
        frames.put(seq, new Slot(payload, seq, capturedMs, false));
        while (frames.size() > MAX_FRAMES) {
            frames.pollFirstEntry();
            dropped++;
        }
    }

    /** Target depth in frames, from the recent arrival spread. */
    public synchronized int target() {
        int n = Math.min(transits, WINDOW);
        if (n < 5) {
            return 2;
        }
        long[] t = Arrays.copyOf(transit, n);
        Arrays.sort(t);
        long spread = t[(int) Math.min(n - 1, Math.round(n * 0.95))] - t[0];
        return (int) Math.max(1, Math.min(15, Math.ceil(spread / (double) Sound.FRAME_MS) + 1));
    }

    /** The playout thread, every 20 ms. */
    public synchronized Slot take() {
        int target = target();
        if (!started) {
            if (frames.size() < target) {
                return null;
            }
            started = true;
            nextSeq = frames.firstKey();
        }
        if (frames.size() > target + 1) {
            if (++overTicks > 25) {
                // Over the target for half a second: skip a frame to bring the delay down.
                frames.pollFirstEntry();
                dropped++;
                overTicks = 0;
            }
        } else {
            overTicks = 0;
        }
        if (frames.isEmpty()) {
            underruns++;
            return new Slot(null, nextSeq, 0, true);
        }
        long first = frames.firstKey();
        if (first > nextSeq) {
            // A gap the sender left (or a frame we dropped): conceal it, move on.
            lost += first - nextSeq;
            nextSeq = first;
        }
        Slot s = frames.pollFirstEntry().getValue();
        nextSeq = s.seq() + 1;
        return s;
    }

    public synchronized int depth() {
        return frames.size();
    }

    public synchronized long late() {
        return late;
    }

    public synchronized long lost() {
        return lost;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public synchronized long underruns() {
        return underruns;
    }
}
