package dev.parley.media.audio;

/**
 * Removes the far end's voice from the microphone when it comes back out of the speaker.
 *
 * <p>Two parts: a delay estimator finds how far the echo lags what was played (cross-correlation
 * of 16×-decimated signals over up to a second), then a normalised LMS filter of {@value #TAPS}
 * taps placed around that lag learns the room's response and subtracts its prediction. Two copies
 * of the filter run: a background one that always learns, and the foreground one whose output is
 * used, which takes the background's weights only after a frame where they cancelled better and
 * removed nine tenths of the microphone's energy. The local voice cannot be predicted from the far
 * end, so while it talks no filter gets there and whatever the background learns from it is not
 * taken; when the room changes the background learns the new echo and is taken. The background learns slower while the microphone is louder than an echo could be
 * (Geigel detector).
 *
 * <p>Both streams are indexed by sample count, not by clock: the playout thread hands every frame
 * it plays to {@link #farEnd}, the capture thread passes every microphone frame through
 * {@link #process}; both run every 20 ms, so the lag between them is steady.
 */
public final class EchoCanceller {

    static final int TAPS = 512;
    /** Taps before the estimated lag, for a lag estimate a little too long. */
    private static final int PRE = 96;
    private static final int DECIMATE = 16;
    private static final int MAX_LAG = Sound.RATE;
    private static final int HISTORY = 1 << 17;
    private static final int D_HISTORY = HISTORY / DECIMATE;
    private static final int ESTIMATE_EVERY = Sound.RATE / 2;
    private static final int WINDOW = 2 * Sound.RATE / DECIMATE;

    private final float[] far = new float[HISTORY];
    private final float[] farD = new float[D_HISTORY];
    private final float[] micD = new float[D_HISTORY];
    private final float[] farPeak = new float[HISTORY];
    private long farCount;
    private long micCount;
    private final float[] fore = new float[TAPS];
    private final float[] back = new float[TAPS];
    private final float[] x = new float[TAPS];
    private int lag = -1;
    private long sinceEstimate;
    private float decimAccF;
    private float decimAccM;
    private boolean enabled = true;

    /** The playout thread: a frame that was just handed to the speaker. */
    public synchronized void farEnd(short[] played) {
        for (short s : played) {
            int i = (int) (farCount & (HISTORY - 1));
            far[i] = s;
            decimAccF += s;
            farCount++;
            if (farCount % DECIMATE == 0) {
                farD[(int) ((farCount / DECIMATE - 1) % D_HISTORY)] = decimAccF / DECIMATE;
                decimAccF = 0;
            }
        }
    }

    public synchronized void enabled(boolean on) {
        enabled = on;
    }

    /** The lag the echo was found at, in samples, or −1 while not known yet. */
    public synchronized int lag() {
        return lag;
    }

    /** The capture thread: one microphone frame in, the same frame without the echo out. */
    public synchronized short[] process(short[] mic) {
        short[] out = new short[mic.length];
        float micPeak = 0;
        for (short s : mic) {
            micPeak = Math.max(micPeak, Math.abs(s));
        }
        boolean nearTalks = micPeak > 0.6f * recentFarPeak();
        double foreErr = 0;
        double backErr = 0;
        double micEnergy = 0;
        boolean filtered = false;
        float step = nearTalks ? 0.05f : 0.4f;
        for (int n = 0; n < mic.length; n++) {
            float d = mic[n];
            float e = d;
            long m = micCount;
            if (enabled && lag >= 0) {
                long start = m - lag + PRE;
                if (start < farCount && start - TAPS + 1 >= farCount - HISTORY + 1 && start - TAPS + 1 >= 0) {
                    float energy = 0;
                    float yf = 0;
                    float yb = 0;
                    for (int k = 0; k < TAPS; k++) {
                        float v = far[(int) ((start - k) & (HISTORY - 1))];
                        x[k] = v;
                        energy += v * v;
                        yf += fore[k] * v;
                        yb += back[k] * v;
                    }
                    e = d - yf;
                    float eb = d - yb;
                    foreErr += (double) e * e;
                    backErr += (double) eb * eb;
                    micEnergy += (double) d * d;
                    filtered = true;
                    if (energy > TAPS * 100f) {
                        float g = step * eb / (energy + 1e3f);
                        for (int k = 0; k < TAPS; k++) {
                            back[k] += g * x[k];
                        }
                    }
                }
            }
            out[n] = Sound.clip(e);
            decimAccM += d;
            micCount++;
            if (micCount % DECIMATE == 0) {
                micD[(int) ((micCount / DECIMATE - 1) % D_HISTORY)] = decimAccM / DECIMATE;
                decimAccM = 0;
            }
        }
        if (filtered && foreErr > micEnergy) {
            // The filter's guess made this frame louder than the microphone had it (it does not
            // fit what the far end plays now): better to pass the microphone through untouched.
            for (int n = 0; n < mic.length; n++) {
                out[n] = mic[n];
            }
        }
        if (filtered) {
            // Only a filter that explains nine tenths of the microphone is taken: the local voice
            // cannot be predicted from the far end, so while it talks no filter gets that good.
            if (backErr < 0.8 * foreErr && backErr < 0.1 * micEnergy) {
                System.arraycopy(back, 0, fore, 0, TAPS);
            } else if (backErr > 2 * foreErr + 1) {
                System.arraycopy(fore, 0, back, 0, TAPS);
            }
        }
        sinceEstimate += mic.length;
        if (sinceEstimate >= ESTIMATE_EVERY && micCount >= 2L * Sound.RATE) {
            sinceEstimate = 0;
            estimateLag();
        }
        return out;
    }

    private float recentFarPeak() {
        float peak = 1;
        long from = Math.max(0, farCount - Math.min(HISTORY - 1, Math.max(lag, 0) + TAPS + Sound.FRAME));
        long to = farCount;
        // Only the stretch that can be echoing now: from the estimated lag back by the filter's length.
        if (lag >= 0) {
            long centre = micCount - lag;
            from = Math.max(from, centre - TAPS);
            to = Math.min(to, centre + Sound.FRAME + PRE);
        }
        for (long i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(far[(int) (i & (HISTORY - 1))]));
        }
        return peak;
    }

    /** Finds the lag with the strongest normalised correlation between microphone and far end. */
    private void estimateLag() {
        long micEnd = micCount / DECIMATE;
        long farEnd = farCount / DECIMATE;
        int maxLag = MAX_LAG / DECIMATE;
        double micEnergy = 0;
        for (long i = micEnd - WINDOW; i < micEnd; i++) {
            float v = micD[(int) (i % D_HISTORY)];
            micEnergy += v * v;
        }
        if (micEnergy < WINDOW * 4.0) {
            return;
        }
        double best = 0;
        int bestLag = -1;
        for (int l = 0; l <= maxLag; l++) {
            long fStart = micEnd - WINDOW - l;
            if (fStart < 0 || fStart + WINDOW > farEnd || fStart < farEnd - D_HISTORY) {
                continue;
            }
            double c = 0;
            double fe = 0;
            for (int i = 0; i < WINDOW; i++) {
                float fv = farD[(int) ((fStart + i) % D_HISTORY)];
                c += fv * micD[(int) ((micEnd - WINDOW + i) % D_HISTORY)];
                fe += fv * fv;
            }
            if (fe <= 0) {
                continue;
            }
            double score = Math.abs(c) / Math.sqrt(fe * micEnergy);
            if (score > best) {
                best = score;
                bestLag = l;
            }
        }
        if (bestLag < 0 || best < 0.3) {
            return;
        }
        int found = bestLag * DECIMATE;
        if (lag < 0 || Math.abs(found - lag) > PRE / 2) {
            lag = found;
            java.util.Arrays.fill(fore, 0);
            java.util.Arrays.fill(back, 0);
        }
    }
}
