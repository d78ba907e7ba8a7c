package dev.parley.media.audio;

/** The one audio format of a call: 48 kHz, mono, signed 16-bit, 20 ms frames. */
public final class Sound {

    public static final int RATE = 48_000;
    public static final int FRAME_MS = 20;
    /** Samples in one frame. */
    public static final int FRAME = RATE * FRAME_MS / 1000;

    private Sound() {
    }

    /** Mean square of {@code pcm}, in (sample units)². */
    public static double energy(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return pcm.length == 0 ? 0 : sum / pcm.length;
    }

    /** Level in dB below full scale (−120 for silence). */
    public static double dbfs(short[] pcm) {
        double e = energy(pcm);
        return e <= 0 ? -120 : 10 * Math.log10(e / (32768.0 * 32768.0));
    }

    static short clip(double v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
