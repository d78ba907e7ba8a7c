package dev.parley.media.audio;

/**
 * Quiets the microphone between words: below {@code closeDb} for longer than the hold time the
 * gate closes (30 dB down, not silent, so the far end still hears the line is open); above
 * {@code openDb} it opens at once. Gain changes glide within a frame so there are no clicks.
 */
public final class NoiseGate {

    private static final double CLOSED_GAIN = Math.pow(10, -30 / 20.0);

    private final double openDb;
    private final double closeDb;
    private final int holdFrames;
    private int quietFrames;
    private double gain = 1;

    public NoiseGate(double openDb, double closeDb, int holdMs) {
        if (closeDb > openDb) {
            throw new IllegalArgumentException("the gate must close below where it opens");
        }
        this.openDb = openDb;
        this.closeDb = closeDb;
        this.holdFrames = Math.max(1, holdMs / Sound.FRAME_MS);
    }

    /** Opens at −45 dBFS, closes 250 ms after falling under −52 dBFS. */
    public NoiseGate() {
        this(-45, -52, 250);
    }

    public short[] process(short[] pcm) {
        double level = Sound.dbfs(pcm);
        if (level >= openDb) {
            quietFrames = 0;
        } else if (level < closeDb) {
            quietFrames++;
        }
        double target = quietFrames > holdFrames ? CLOSED_GAIN : 1;
        short[] out = new short[pcm.length];
        double step = (target - gain) / pcm.length;
        for (int i = 0; i < pcm.length; i++) {
            gain += step;
            out[i] = Sound.clip(pcm[i] * gain);
        }
        gain = target;
        return out;
    }

    public boolean open() {
        return gain == 1;
    }
}
