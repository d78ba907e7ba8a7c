package dev.parley.media.audio;

import java.util.ArrayDeque;

/**
 * A simulated room: what the speaker plays comes back into the microphone {@code delayMs} later,
 * {@code lossDb} quieter and slightly muffled, mixed with whatever the microphone hears anyway.
 * Wrap the call's speaker with {@link #speaker} and its microphone with {@link #microphone}.
 */
public final class EchoPath {

    private final ArrayDeque<short[]> played = new ArrayDeque<>();
    private final int delayFrames;
    private final double gain;
    private double lowpass;

    public EchoPath(int delayMs, double lossDb) {
        this.delayFrames = Math.max(0, delayMs / Sound.FRAME_MS);
        this.gain = Math.pow(10, -lossDb / 20);
    }

    public AudioSink speaker(AudioSink inner) {
        return new AudioSink() {
            @Override
            public String name() {
                return inner.name() + " (with a simulated echo)";
            }

            @Override
            public void play(short[] pcm) {
                synchronized (played) {
                    played.addLast(pcm.clone());
                    while (played.size() > delayFrames + 50) {
                        played.removeFirst();
                    }
                }
                inner.play(pcm);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    public AudioSource microphone(AudioSource inner) {
        return new AudioSource() {
            @Override
            public String name() {
                return inner.name() + " (hearing the speaker)";
            }

            @Override
            public AudioChunk read() throws java.io.IOException, InterruptedException {
                AudioChunk c = inner.read();
                return new AudioChunk(mix(c.pcm()), c.capturedMs());
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** {@code near} plus the echo of what was played {@code delayMs} ago. */
    public short[] mix(short[] near) {
        short[] echo = null;
        synchronized (played) {
            if (played.size() > delayFrames) {
                echo = played.removeFirst();
            }
        }
        short[] out = near.clone();
        if (echo != null) {
            for (int i = 0; i < out.length; i++) {
                lowpass += 0.6 * (echo[i] - lowpass);
                out[i] = Sound.clip(out[i] + gain * lowpass);
            }
        }
        return out;
    }
}
