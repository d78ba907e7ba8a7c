package dev.parley.app.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries envelopes between the client's workers. Each attached lane has a bounded priority
 * mailbox (commands before text before bulk) drained in batches by the lane's own thread, or,
 * for the UI lane, by tasks on the injected UI executor: the only place that touches the UI thread.
 *
 * <p>A worker that throws is reported to the fault handler and then replaced (if it was attached
 * with a factory) or detached; the router and every other lane keep running.
 */
public final class Router implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    /**
     * @param capacity     envelopes a lane holds before its overflow policy applies
     * @param blockTimeout how long a producer waits on a full BLOCK lane before the envelope is refused
     * @param maxBatch     envelopes handed to a worker between two {@link Worker#endOfBatch} calls
     * @param spin         how long an idle lane thread spins before it parks
     */
    public record Options(int capacity, Duration blockTimeout, int maxBatch, Duration spin) {
        public static final Options DEFAULT = new Options(16_384, Duration.ofSeconds(2), 512, Duration.ZERO);
    }

    /** Counters since the router started. */
    public record Stats(long delivered, long dropped, long refused, long undeliverable) {
    }

    private final Executor uiExecutor;
    private final Consumer<Fault> faults;
    private final Options options;
    private final Map<Lane, Station> stations = new ConcurrentHashMap<>();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder undeliverable = new LongAdder();
    private volatile boolean closed;
    /** The lane whose own thread this is; unset on every other thread. */
    private final ThreadLocal<Lane> laneThread = new ThreadLocal<>();

    /**
     * @param uiExecutor runs the UI lane's work ({@code Platform::runLater} in the app, a direct
     *                   executor in tests and the terminal client)
     * @param faults     hears about workers that threw and envelopes that were refused; called on
     *                   the thread where it happened
     */
    public Router(Executor uiExecutor, Consumer<Fault> faults, Options options) {
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Attaches {@code worker} to its lane; if it throws it is detached. */
    public void attach(Worker worker) {
        attach(worker.lane(), worker, null);
    }

    /** Attaches a worker made by {@code factory}; if it throws, a fresh one from the factory takes over. */
    public void attach(Lane lane, Supplier<? extends Worker> factory) {
        attach(lane, Objects.requireNonNull(factory.get(), "factory made null"), factory);
    }

    private void attach(Lane lane, Worker worker, Supplier<? extends Worker> factory) {
        if (closed) {
            throw new IllegalStateException("router closed");
        }
        if (!worker.lane().equals(lane)) {
            throw new IllegalArgumentException("worker belongs to lane " + worker.lane() + ", not " + lane);
        }
        Overflow overflow = lane.role() == Role.UI ? Overflow.DROP_AND_RESYNC : Overflow.BLOCK;
        Station s = new Station(lane, worker, factory, new Mailbox(lane, options.capacity(), overflow));
        if (stations.putIfAbsent(lane, s) != null) {
            throw new IllegalStateException("lane " + lane + " already has a worker");
        }
        if (lane.role() != Role.UI) {
            Thread.ofPlatform().daemon().name("router-" + lane).start(s::run);
        }
    }

    /**
     * Whether the calling thread is {@code lane}'s own, as opposed to one running its worker
     * inline ({@link #sendInline}) or any other.
     */
    public boolean onLaneThread(Lane lane) {
        return lane.equals(laneThread.get());
    }

    public boolean attached(Lane lane) {
        return stations.containsKey(lane);
    }

    /**
     * Detaches the lane's worker: envelopes still waiting are discarded, the worker finishes the
     * one in hand, is closed on its own thread, and the returned future completes.
     */
    public CompletableFuture<Void> detach(Lane lane) {
        Station s = stations.remove(lane);
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        s.stop();
        return s.stopped;
    }

    /**
     * Queues {@code e} for its lane. Returns false, without throwing, when no worker is attached
     * to the lane, when a full UI lane dropped it, or when a full lane stayed full for the block
     * timeout (also reported as a fault).
     */
    public boolean send(Envelope e) {
        Station s = stations.get(e.to());
        if (s == null) {
            undeliverable.increment();
            return false;
        }
        Mailbox.Offer r;
        try {
            r = s.mailbox.offer(e, options.blockTimeout().toNanos());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            r = Mailbox.Offer.REFUSED;
        }
        switch (r) {
            case ACCEPTED -> {
                return true;
            }
            case ACCEPTED_KICK -> {
                if (s.pumped()) {
                    s.kick();
                }
                return true;
            }
            case DROPPED -> {
                dropped.increment();
                return false;
            }
            case REFUSED -> {
                refused.increment();
                faults.accept(new Fault(e.to(), "lane full for " + options.blockTimeout().toMillis()
                        + " ms; refused " + e, null));
                return false;
            }
            default -> {
                undeliverable.increment();
                return false;
            }
        }
    }

    public boolean send(Lane from, Lane to, Kind kind, Object data) {
        return send(Envelope.of(from, to, kind, data));
    }

    /**
     * Like {@link #send}, but when the lane is idle (nothing queued, its worker not busy) the
     * worker handles {@code e} right here, on the calling thread, instead of the lane's thread
     * being woken for it. Each hand-over to a parked thread costs a wake-up, and on a busy
     * machine a wake-up can wait milliseconds for a core; a message and its acknowledgement
     * crossed six of them. Order is kept: with anything queued, or the worker busy, {@code e}
     * is queued as usual. A worker still runs one envelope or batch at a time, and the UI lane
     * never runs here. For callers that may wait as long as the worker takes (not the UI thread).
     */
    public boolean sendInline(Envelope e) {
        Station s = stations.get(e.to());
        if (s != null && !s.pumped() && s.mailbox.size() == 0 && s.runHere(e)) {
            return true;
        }
        return send(e);
    }

    public Stats stats() {
        return new Stats(delivered.sum(), dropped.sum(), refused.sum(), undeliverable.sum());
    }

    /** Envelopes waiting on {@code lane}, or 0 if nothing is attached there. */
    public int backlog(Lane lane) {
        Station s = stations.get(lane);
        return s == null ? 0 : s.mailbox.size();
    }

    /** Detaches every lane and waits (a little) for the workers to close. */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Lane l : List.copyOf(stations.keySet())) {
            all.add(detach(l));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("some workers did not stop within 5 s");
        }
    }

    /** One attached lane: its mailbox, its worker, and who drains it. */
    private final class Station {
        final Lane lane;
        final Mailbox mailbox;
        final Supplier<? extends Worker> factory;
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        volatile Worker worker;
        volatile boolean stopping;
        /** Held while the worker runs, on the lane's thread or on a caller's ({@link #sendInline}). */
        private final ReentrantLock busy = new ReentrantLock();
        private final List<Envelope> pumpBatch = new ArrayList<>();

        Station(Lane lane, Worker worker, Supplier<? extends Worker> factory, Mailbox mailbox) {
            this.lane = lane;
            this.worker = worker;
            this.factory = factory;
            this.mailbox = mailbox;
        }

        boolean pumped() {
            return lane.role() == Role.UI;
        }

        void stop() {
            stopping = true;
            int lost = mailbox.close();
            if (lost > 0) {
                log.debug("lane {} detached with {} envelopes waiting", lane, lost);
            }
            if (pumped()) {
                uiExecutor.execute(this::finish);
            }
        }

        /** The lane thread: wait for envelopes, take a batch, hand it over, let the worker end the batch, repeat. */
        void run() {
            List<Envelope> batch = new ArrayList<>(options.maxBatch() + 1);
            long spin = options.spin().toNanos();
            laneThread.set(lane);
            try {
                while (!stopping && mailbox.awaitWork(spin)) {
                    // Taken before draining: a caller finding the mailbox empty cannot overtake this batch.
                    busy.lock();
                    try {
                        if (mailbox.drain(batch, options.maxBatch()) < 0) {
                            break;
                        }
                        deliver(batch);
                    } finally {
                        busy.unlock();
                        batch.clear();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                busy.lock();
                try {
                    finish();
                } finally {
                    busy.unlock();
                }
            }
        }

        /**
         * Runs {@code e} on this thread if the worker is free and nothing is queued; false
         * otherwise. A worker that sends to its own lane from here gets its envelope queued.
         */
        boolean runHere(Envelope e) {
            if (busy.isHeldByCurrentThread() || !busy.tryLock()) {
                return false;
            }
            try {
                if (stopping || worker == null || mailbox.size() != 0) {
                    return false;
                }
                deliver(List.of(e));
                return true;
            } finally {
                busy.unlock();
            }
        }

        /** The UI lane: one batch per executor task, then queue another task if more is waiting. */
        void kick() {
            uiExecutor.execute(this::pumpOnce);
        }

        private void pumpOnce() {
            if (stopping) {
                return;
            }
            try {
                mailbox.drain(pumpBatch, options.maxBatch());
                deliver(pumpBatch);
            } finally {
                pumpBatch.clear();
            }
            if (mailbox.pumpAgain()) {
                uiExecutor.execute(this::pumpOnce);
            }
        }

        private void deliver(List<Envelope> batch) {
            for (Envelope e : batch) {
                if (stopping) {
                    return;
                }
                try {
                    worker.handle(e);
                    delivered.increment();
                } catch (Throwable t) {
                    failed("handling " + e, t);
                }
            }
            if (!batch.isEmpty() && !stopping) {
                try {
                    worker.endOfBatch();
                } catch (Throwable t) {
                    failed("ending a batch", t);
                }
            }
        }

        private void failed(String what, Throwable t) {
            Worker broken = worker;
            log.error("worker on lane {} failed {}", lane, what, t);
            faults.accept(new Fault(lane, "worker on lane " + lane + " failed " + what + ": " + t, t));
            closeQuietly(broken);
            if (factory != null) {
                try {
                    worker = Objects.requireNonNull(factory.get(), "factory made null");
                    return;
                } catch (RuntimeException e) {
                    faults.accept(new Fault(lane, "cannot replace the worker on lane " + lane + ": " + e, e));
                }
            }
            stations.remove(lane, this);
            stopping = true;
            mailbox.close();
            worker = null;
        }

        private void finish() {
            Worker w = worker;
            worker = null;
            if (w != null) {
                closeQuietly(w);
            }
            stopped.complete(null);
        }

        private void closeQuietly(Worker w) {
            try {
                w.close();
            } catch (RuntimeException e) {
                log.warn("closing the worker on lane {} failed: {}", lane, e.toString());
            }
        }
    }
}
