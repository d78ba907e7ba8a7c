package dev.parley.media.call;

import dev.parley.media.Devices;
import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import dev.parley.media.video.VideoView;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The media of one call: sound on one connection, video on the other, from the given devices.
 * Either connection failing, or staying silent for {@link #SILENCE_MS} ms (sound flows every
 * 20 ms, pings every second), ends it once, with a reason, through {@code ended}.
 */
public final class CallMedia implements AutoCloseable {

    /** How long a media connection may stay silent before the call counts as lost. */
    public static final int SILENCE_MS = 2500;

    private final Devices.Opened devices;
    private final AudioStream audio;
    private final VideoStream video;
    private final Channel audioChannel;
    private final Channel videoChannel;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Consumer<String> onEnded;
    private volatile CallStats last;

    /**
     * @param tag      names the threads (the friend's name)
     * @param cameraOn whether to send video from the start
     * @param maxBps   the video bitrate to aim for when the link allows
     * @param ended    told once, with a sentence, when the media stops by itself
     */
    public CallMedia(String tag, Channel audioChannel, Channel videoChannel, Devices.Opened devices, boolean cameraOn,
                     long maxBps, VideoView remote, VideoView local, Consumer<String> ended)
            throws IOException, MediaException {
        Ffmpeg.init();
        this.devices = devices;
        this.audioChannel = audioChannel;
        this.videoChannel = videoChannel;
        this.onEnded = ended;
        audioChannel.timeout(SILENCE_MS);
        videoChannel.timeout(SILENCE_MS);
        this.audio = new AudioStream(tag, audioChannel, devices.microphone(), devices.speaker(), this::failed);
        this.video = new VideoStream(tag, videoChannel, devices.camera(), cameraOn, maxBps, remote, local, this::failed);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("call-stats-" + tag).unstarted(r));
    }

    public void start() {
        audio.start();
        video.start();
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        audio.tick();
        video.tick();
        last = new CallStats(video.sentStats(), video.receivedStats(), audio.receivedStats(), video.targetBps() / 1000.0,
                audio.rttMs(), devices.camera().name(), devices.microphone().name());
    }

    /** The last second's numbers (null before the first second). */
    public CallStats stats() {
        return last;
    }

    /** What fell back to a stand-in, in sentences. */
    public List<String> notices() {
        return devices.notices();
    }

    public void muted(boolean m) {
        audio.muted(m);
    }

    public boolean muted() {
        return audio.muted();
    }

    public void cameraOn(boolean on) {
        video.cameraOn(on);
    }

    public boolean cameraOn() {
        return video.cameraOn();
    }

    /** Paces this side's video writes to {@code bps} as a slow link would (0: unlimited); for tests and benchmarks. */
    public void limitVideo(long bps) {
        videoChannel.limit(bps);
    }

    public int echoLag() {
        return audio.canceller().lag();
    }

    private void failed(String why) {
        if (ended.compareAndSet(false, true)) {
            onEnded.accept(why);
            // Closing a TLS socket whose friend froze can take a while: not on the thread that noticed.
            Thread.ofPlatform().daemon().name("call-close").start(this::closeQuietly);
        }
    }

    @Override
    public void close() {
        ended.set(true);
        closeQuietly();
    }

    private void closeQuietly() {
        ticker.shutdownNow();
        audio.close();
        video.close();
        audioChannel.close();
        videoChannel.close();
        devices.close();
    }
}
