package dev.parley.media.audio;

/**
 * A synthetic talker: spurts of a voiced sound (a gliding pitch with harmonics shaped like
 * vowels) separated by pauses, like speech, at about −20 dBFS. Deterministic for a given seed,
 * so a test can tell one talker from another. Not paced: {@link Paced} makes it a source.
 */
public final class Voice {

    private final double basePitch;
    private final int talkMs;
    private final int pauseMs;
    private final double amplitude;
    private long sample;
    private double phase;

    /**
     * @param basePitch Hz of the voice's lowest note (110 a low voice, 220 a high one)
     * @param talkMs    length of each spurt
     * @param pauseMs   silence between spurts
     */
    public Voice(double basePitch, int talkMs, int pauseMs, double amplitude) {
        this.basePitch = basePitch;
        this.talkMs = talkMs;
        this.pauseMs = pauseMs;
        this.amplitude = amplitude;
    }

    /** A voice at about −20 dBFS: 1.2 s talk, 0.6 s pause. */
    public Voice(double basePitch) {
        this(basePitch, 1200, 600, 0.12);
    }

    /** The next 20 ms. */
    public short[] next() {
        short[] pcm = new short[Sound.FRAME];
        long cycle = (long) (talkMs + pauseMs) * Sound.RATE / 1000;
        long talk = (long) talkMs * Sound.RATE / 1000;
        for (int i = 0; i < pcm.length; i++, sample++) {
            long inCycle = sample % cycle;
            double t = (double) sample / Sound.RATE;
            double pitch = basePitch * (1 + 0.25 * Math.sin(2 * Math.PI * 0.7 * t) + 0.1 * Math.sin(2 * Math.PI * 3.1 * t));
            phase += 2 * Math.PI * pitch / Sound.RATE;
            if (phase > 2 * Math.PI * 1000) {
                phase -= 2 * Math.PI * 1000;
            }
            if (inCycle >= talk) {
                continue;
            }
            // Rise and fall over 30 ms at the ends of a spurt.
            double edge = Math.min(1, Math.min(inCycle, talk - inCycle) / (0.03 * Sound.RATE));
            double vowel = 0.5 + 0.5 * Math.sin(2 * Math.PI * 2.3 * t);
            double v = 0;
            for (int h = 1; h <= 14; h++) {
                double f = h * pitch;
                if (f > 4000) {
                    break;
                }
                double formant = Math.exp(-Math.pow((f - (500 + 600 * vowel)) / 300, 2))
                        + 0.6 * Math.exp(-Math.pow((f - (1500 + 700 * vowel)) / 400, 2)) + 0.05;
                v += formant / h * Math.sin(h * phase);
            }
            pcm[i] = Sound.clip(amplitude * edge * v * 32767 * 1.4);
        }
        return pcm;
    }

    /** True when sample position {@code s} (0-based since the start) falls in a spurt. */
    public boolean talkingAt(long s) {
        long cycle = (long) (talkMs + pauseMs) * Sound.RATE / 1000;
        return s % cycle < (long) talkMs * Sound.RATE / 1000;
    }
}
