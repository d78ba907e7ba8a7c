package dev.parley.media.call;

/** Frames and bytes of one direction, with sequence gaps, drained once a second. */
final class Counter {

    private long frames;
    private long bytes;
    private long lost;
    private long lastSeq = -1;
    private long lastDrain = System.nanoTime();
    private final Window latency = new Window();

    synchronized void frame(long seq, int payloadBytes) {
        frames++;
        bytes += payloadBytes;
        if (lastSeq >= 0 && seq > lastSeq + 1) {
            lost += seq - lastSeq - 1;
        }
        lastSeq = Math.max(lastSeq, seq);
    }

    void latency(double ms) {
        latency.add(ms);
    }

    synchronized long framesSoFar() {
        return frames;
    }

    synchronized StreamStats drain() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastDrain) / 1e9);
        lastDrain = now;
        double[] q = latency.drain(0.5, 0.95);
        StreamStats s = new StreamStats(frames / seconds, bytes * 8 / seconds / 1000, q[0], q[1],
                frames + lost == 0 ? 0 : 100.0 * lost / (frames + lost));
        frames = 0;
        bytes = 0;
        lost = 0;
        return s;
    }
}
