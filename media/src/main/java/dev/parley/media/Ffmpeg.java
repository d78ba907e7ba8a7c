package dev.parley.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.javacpp.BytePointer;

/** Small helpers around FFmpeg's C calls: quiet logging, errors in words. */
public final class Ffmpeg {

    static {
        // FFmpeg prints every encoder's settings at INFO to stderr otherwise.
        av_log_set_level(AV_LOG_ERROR);
    }

    private Ffmpeg() {
    }

    /** Makes sure the natives are loaded and logging is quiet. */
    public static void init() {
        // the static block does it
    }

    /** Throws a {@link MediaException} naming {@code what} when {@code ret} is an FFmpeg error. */
    public static int check(int ret, String what) throws MediaException {
        if (ret < 0) {
            throw new MediaException(what + " failed: " + describe(ret));
        }
        return ret;
    }

    public static String describe(int ret) {
        try (BytePointer buf = new BytePointer(256)) {
            av_strerror(ret, buf, 256);
            return buf.getString() + " (" + ret + ")";
        }
    }
}
