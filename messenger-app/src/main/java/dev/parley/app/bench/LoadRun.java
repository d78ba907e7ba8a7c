package dev.parley.app.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One measured run of {@link LoadLink}s: the same request from each link until {@code end}, either
 * sent again as soon as its answer comes (a closed loop) or at {@code rate} a second in all, spread
 * evenly over the links. Used on one event loop only.
 */
final class LoadRun {

    private final byte[] request;
    private final int rate;
    private final long intervalNs;
    private final long start;
    private final long end;
    private final int links;
    private final Samples latency = new Samples();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int errors;
    private int running;

    /** {@code rate} 0 for a closed loop; the run starts {@code delayNs} from now. */
    LoadRun(byte[] request, int rate, int links, long delayNs, long lengthNs) {
        this.request = request;
        this.rate = rate;
        this.intervalNs = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * links / rate;
        this.start = System.nanoTime() + delayNs;
        this.end = start + lengthNs;
        this.links = links;
        this.running = links;
    }

    /** When link number {@code i} makes its first request: evenly staggered over one interval. */
    long firstDue(int i) {
        return start + intervalNs * i / links;
    }

    byte[] request() {
        return request;
    }

    boolean paced() {
        return rate != 0;
    }

    long intervalNs() {
        return intervalNs;
    }

    long end() {
        return end;
    }

    void answered(long latencyNs, boolean ok) {
        latency.add(latencyNs);
        if (!ok) {
            errors++;
        }
    }

    /** A link's connection ended mid-run. */
    void failed() {
        errors++;
        linkDone();
    }

    void linkDone() {
        if (--running == 0) {
            done.complete(null);
        }
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Answers received; read once {@link #done()} completed. */
    int requests() {
        return latency.count();
    }

    /** Answers other than OK, and links lost mid-run; read once {@link #done()} completed. */
    int errors() {
        return errors;
    }

    /** The run's line; call once {@link #done()} completed. */
    JsonLine result(String metric) {
        double seconds = (Math.max(System.nanoTime(), end) - start) / 1e9;
        JsonLine line = new JsonLine("locator", metric)
                .put("clients", links)
                .put("requests", requests())
                .put("errors", errors)
                .put("per_s", Math.round(latency.count() / seconds))
                .put("p50_ms", latency.percentileMs(50))
                .put("p99_ms", latency.percentileMs(99));
        return paced() ? line.put("offered_per_s", rate) : line;
    }
}
