package dev.parley.media.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/** The computer's microphones and speakers through javax.sound. */
public final class SoundCard {

    static final AudioFormat FORMAT = new AudioFormat(Sound.RATE, 16, 1, true, false);
    private static final int FRAME_BYTES = Sound.FRAME * 2;

    private SoundCard() {
    }

    /** Names of mixers that can capture our format. */
    public static List<String> microphones() {
        return mixers(TargetDataLine.class);
    }

    /** Names of mixers that can play our format. */
    public static List<String> speakers() {
        return mixers(SourceDataLine.class);
    }

    private static List<String> mixers(Class<?> line) {
        List<String> out = new ArrayList<>();
        try {
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                if (AudioSystem.getMixer(info).isLineSupported(new DataLine.Info(line, FORMAT))) {
                    out.add(info.getName());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // No sound system at all: nothing to list.
        }
        return out;
    }

    private static Mixer.Info find(String name) throws IOException {
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (info.getName().equals(name)) {
                return info;
            }
        }
        throw new IOException("there is no sound device called " + name);
    }

    /** Opens microphone {@code name}. */
    public static AudioSource microphone(String name) throws IOException {
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(FORMAT, find(name));
            line.open(FORMAT, FRAME_BYTES * 4);
            line.start();
            return new Microphone(name, line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot open the microphone " + name + ": " + e.getMessage(), e);
        }
    }

    /** Opens speaker {@code name}. */
    public static AudioSink speaker(String name) throws IOException {
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT, find(name));
            line.open(FORMAT, FRAME_BYTES * 6);
            line.start();
            return new Speaker(name, line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new IOException("cannot open the speaker " + name + ": " + e.getMessage(), e);
        }
    }

    private record Microphone(String name, TargetDataLine line) implements AudioSource {
        @Override
        public AudioChunk read() throws IOException {
            byte[] buf = new byte[FRAME_BYTES];
            int got = 0;
            while (got < buf.length) {
                int n = line.read(buf, got, buf.length - got);
                if (n <= 0 && !line.isOpen()) {
                    throw new IOException("the microphone " + name + " was closed");
                }
                got += Math.max(0, n);
            }
            short[] pcm = new short[Sound.FRAME];
            ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            return new AudioChunk(pcm, System.currentTimeMillis() - Sound.FRAME_MS);
        }

        @Override
        public void close() {
            line.stop();
            line.close();
        }
    }

    private record Speaker(String name, SourceDataLine line) implements AudioSink {
        @Override
        public void play(short[] pcm) {
            byte[] buf = new byte[pcm.length * 2];
            ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
            if (line.available() >= buf.length) {
                line.write(buf, 0, buf.length);
            }
        }

        @Override
        public int queuedMs() {
            int queued = line.getBufferSize() - line.available();
            return queued / 2 * 1000 / Sound.RATE;
        }

        @Override
        public void close() {
            line.stop();
            line.close();
        }
    }
}
