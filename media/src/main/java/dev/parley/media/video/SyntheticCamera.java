package dev.parley.media.video;

/**
 * Stands in for a camera: the {@link TestPattern} at a steady frame rate, each picture carrying
 * its frame number and capture time.
 */
public final class SyntheticCamera implements VideoSource {

    private final int width;
    private final int height;
    private final long periodNanos;
    private long startNanos = -1;
    private long counter;
    private volatile boolean closed;

    public SyntheticCamera(int width, int height, int fps) {
        this.width = width;
        this.height = height;
        this.periodNanos = 1_000_000_000L / fps;
    }

    @Override
    public String name() {
        return "test pattern " + width + "x" + height;
    }

    @Override
    public Picture capture() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("the camera is closed");
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        // The next frame time from now on: a slow reader gets the newest picture, never a backlog.
        long n = Math.max(counter, (now - startNanos) / periodNanos + (counter == 0 ? 0 : 1));
        long due = startNanos + n * periodNanos;
        long wait = due - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        counter = n + 1;
        Picture p = Picture.blank(width, height, System.currentTimeMillis());
        TestPattern.draw(p, n, p.capturedMs());
        return p;
    }

    @Override
    public void close() {
        closed = true;
    }
}
