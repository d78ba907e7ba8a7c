package dev.parley.media;

import dev.parley.media.audio.AudioSink;
import dev.parley.media.audio.AudioSource;
import dev.parley.media.audio.CountingSink;
import dev.parley.media.audio.Paced;
import dev.parley.media.audio.SoundCard;
import dev.parley.media.audio.Voice;
import dev.parley.media.video.SyntheticCamera;
import dev.parley.media.video.VideoSource;
import dev.parley.media.video.Webcams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the camera, microphone and speaker a call uses: the ones the user picked, else the first
 * there is, else a synthetic stand-in, saying which and why in {@link Opened#notices()}.
 *
 * @param camera     the camera's name, {@link #SYNTHETIC} for the test pattern, or null for the first
 * @param microphone likewise for the microphone (synthetic: a generated voice)
 * @param speaker    likewise for the speaker (synthetic: sound is counted, not played)
 */
public record Devices(String camera, String microphone, String speaker, int width, int height, int fps) {

    /** The name that picks the synthetic stand-in. */
    public static final String SYNTHETIC = "synthetic";

    /** The first real devices there are, 640×480 at 30 fps. */
    public static final Devices DEFAULT = new Devices(null, null, null, 640, 480, 30);

    /** Only stand-ins: for tests, benchmarks and machines that must not touch hardware. */
    public static Devices synthetic() {
        return new Devices(SYNTHETIC, SYNTHETIC, SYNTHETIC, 640, 480, 30);
    }

    /** What was opened, and one sentence per device that is not what was asked for. */
    public record Opened(VideoSource camera, AudioSource microphone, AudioSink speaker, List<String> notices)
            implements AutoCloseable {
        @Override
        public void close() {
            camera.close();
            microphone.close();
            speaker.close();
        }
    }

    /** Opens all three; never fails, it falls back. {@code voicePitch} tells synthetic voices apart. */
    public Opened open(double voicePitch) {
        List<String> notices = new ArrayList<>();
        VideoSource cam;
        if (SYNTHETIC.equals(camera)) {
            cam = new SyntheticCamera(width, height, fps);
        } else {
            try {
                cam = Webcams.open(camera, width, height);
            } catch (IOException e) {
                cam = new SyntheticCamera(width, height, fps);
                notices.add(e.getMessage() + "; sending a test pattern instead");
            }
        }
        AudioSource mic;
        if (SYNTHETIC.equals(microphone)) {
            mic = syntheticVoice(voicePitch);
        } else {
            try {
                mic = SoundCard.microphone(pick(microphone, SoundCard.microphones(), "microphone"));
            } catch (IOException e) {
                mic = syntheticVoice(voicePitch);
                notices.add(e.getMessage() + "; sending a generated voice instead");
            }
        }
        AudioSink out;
        if (SYNTHETIC.equals(speaker)) {
            out = new CountingSink();
        } else {
            try {
                out = SoundCard.speaker(pick(speaker, SoundCard.speakers(), "speaker"));
            } catch (IOException e) {
                out = new CountingSink();
                notices.add(e.getMessage() + "; the friend's sound is received but not played");
            }
        }
        return new Opened(cam, mic, out, List.copyOf(notices));
    }

    private static AudioSource syntheticVoice(double pitch) {
        Voice v = new Voice(pitch);
        return new Paced("generated voice", v::next);
    }

    private static String pick(String wanted, List<String> present, String what) throws IOException {
        if (wanted != null) {
            return wanted;
        }
        if (present.isEmpty()) {
            throw new IOException("there is no " + what);
        }
        return present.getFirst();
    }
}
