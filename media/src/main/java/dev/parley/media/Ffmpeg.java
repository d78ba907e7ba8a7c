package dev.parley.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/** Small helpers around FFmpeg's C calls: loading the natives once, quiet logging, errors in words. */
public final class Ffmpeg {

    private static boolean loaded;

    private Ffmpeg() {
    }

    /**
     * Loads FFmpeg's native libraries (unpacked into JavaCPP's cache the first time, which takes a
     * moment) on the calling thread, once. A failure is reported and may be retried; left to the
     * classes' own static loading, several threads at once can fail for good.
     */
    public static synchronized void init() throws MediaException {
        if (loaded) {
            return;
        }
        try {
            Loader.load(avutil.class);
            Loader.load(avcodec.class);
            // FFmpeg prints every encoder's settings at INFO to stderr otherwise.
            av_log_set_level(AV_LOG_ERROR);
            loaded = true;
        } catch (RuntimeException | LinkageError e) {
            throw new MediaException("cannot load FFmpeg's native libraries: " + e, e);
        }
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
