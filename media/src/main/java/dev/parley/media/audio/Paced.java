package dev.parley.media.audio;

import java.util.function.Supplier;

/**
 * Turns a generator of 20 ms frames into a source that hands each frame out when it would have
 * been captured, on the wall clock, like a microphone does.
 */
public final class Paced implements AudioSource {

    private final String name;
    private final Supplier<short[]> frames;
    private long startNanos = -1;
    private long count;
    private volatile boolean closed;

    public Paced(String name, Supplier<short[]> frames) {
        this.name = name;
        this.frames = frames;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioChunk read() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("the source is closed");
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long due = startNanos + (count + 1) * Sound.FRAME_MS * 1_000_000L;
        if (now - due > 200_000_000L) {
            // Fell far behind (a paused VM, a debugger): start again rather than burst.
            startNanos = now - Sound.FRAME_MS * 1_000_000L;
            count = 0;
            due = now;
        }
        long wait = due - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        count++;
        return new AudioChunk(frames.get(), System.currentTimeMillis() - Sound.FRAME_MS);
    }

    @Override
    public void close() {
        closed = true;
    }
}
