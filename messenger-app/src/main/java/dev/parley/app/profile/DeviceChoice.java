package dev.parley.app.profile;

import dev.parley.media.Devices;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;

/** The camera, microphone and speaker a profile uses, remembered in its settings (absent: the first there is). */
public final class DeviceChoice {

    /** The settings keys, one per kind of device. */
    public static final String CAMERA = "camera";
    public static final String MICROPHONE = "microphone";
    public static final String SPEAKER = "speaker";

    private DeviceChoice() {
    }

    public static Devices of(Profile p) {
        return from(p::setting);
    }

    /** The devices named by {@code settings} (a profile's, or a window's copy of them). */
    public static Devices from(Function<String, Optional<String>> settings) {
        return new Devices(settings.apply(CAMERA).orElse(null), settings.apply(MICROPHONE).orElse(null),
                settings.apply(SPEAKER).orElse(null), Devices.DEFAULT.width(), Devices.DEFAULT.height(), Devices.DEFAULT.fps());
    }

    /** Remembers the non-null ones. */
    public static void remember(Profile p, String camera, String microphone, String speaker) throws IOException {
        if (camera != null) {
            p.setting(CAMERA, camera);
        }
        if (microphone != null) {
            p.setting(MICROPHONE, microphone);
        }
        if (speaker != null) {
            p.setting(SPEAKER, speaker);
        }
    }

}
