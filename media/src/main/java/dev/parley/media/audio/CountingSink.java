package dev.parley.media.audio;

import java.util.concurrent.atomic.AtomicLong;

/** Stands in for a speaker: counts what it would have played and how loud it was. */
public final class CountingSink implements AudioSink {

    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong audible = new AtomicLong();

    @Override
    public String name() {
        return "no speaker (sound is counted, not played)";
    }

    @Override
    public void play(short[] pcm) {
        frames.incrementAndGet();
        if (Sound.dbfs(pcm) > -50) {
            audible.incrementAndGet();
        }
    }

    public long frames() {
        return frames.get();
    }

    /** Frames louder than −50 dBFS. */
    public long audibleFrames() {
        return audible.get();
    }

    @Override
    public void close() {
    }
}
