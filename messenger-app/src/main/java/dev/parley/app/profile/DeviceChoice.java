package dev.parley.app.profile;

import dev.parley.media.Devices;
import java.io.IOException;

/** The camera, microphone and speaker a profile uses, remembered in its settings (absent: the first there is). */
public final class DeviceChoice {

    private DeviceChoice() {
    }

    public static Devices of(Profile p) {
        return new Devices(p.setting("camera").orElse(null), p.setting("microphone").orElse(null),
                p.setting("speaker").orElse(null), Devices.DEFAULT.width(), Devices.DEFAULT.height(), Devices.DEFAULT.fps());
    }

    /** Remembers the non-null ones. */
    public static void remember(Profile p, String camera, String microphone, String speaker) throws IOException {
        if (camera != null) {
            p.setting("camera", camera);
        }
        if (microphone != null) {
            p.setting("microphone", microphone);
        }
        if (speaker != null) {
            p.setting("speaker", speaker);
        }
    }
}
