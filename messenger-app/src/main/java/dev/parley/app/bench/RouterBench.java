package dev.parley.app.bench;

import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.app.router.Worker;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench router}: envelopes per second across lanes, and the latency of one hop, against a
 * plain {@link LinkedBlockingQueue} handoff between two threads measured in the same run.
 */
final class RouterBench {

    private static final List<Lane> LANES = List.of(Lane.STORE, Lane.MEDIA, Lane.sender("a"), Lane.sender("b"));
    private static final int PRODUCERS = 2;

    void run() throws Exception {
        for (int round = 0; round < 2; round++) {
            boolean warmup = round == 0;
            throughput(warmup ? 500_000 : 5_000_000, warmup);
            hopLatency(warmup ? 5_000 : 50_000, warmup);
        }
    }

    /** A worker that counts, and for latency probes records now minus the envelope's send time. */
    private static final class Sink implements Worker {
        final Lane lane;
        final LongAdder count;
        final Samples hops;

        Sink(Lane lane, LongAdder count, Samples hops) {
            this.lane = lane;
            this.count = count;
            this.hops = hops;
        }

        @Override
        public Lane lane() {
            return lane;
        }

        @Override
        public void handle(Envelope e) {
            if (hops != null) {
                hops.add(System.nanoTime() - (Long) e.data());
            }
            count.increment();
        }
    }

    private void throughput(int total, boolean warmup) throws Exception {
        LongAdder count = new LongAdder();
        try (Router router = new Router(Runnable::run, f -> { }, Router.Options.DEFAULT)) {
            for (Lane l : LANES) {
                router.attach(new Sink(l, count, null));
            }
            Object payload = "x";
            CountDownLatch start = new CountDownLatch(1);
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                producers[p] = Thread.ofPlatform().name("bench-producer-" + p).start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < total / PRODUCERS; i++) {
                        Kind kind = (i & 7) == 0 ? Kind.COMMAND : Kind.TEXT;
                        router.send(Envelope.of(Lane.UI, LANES.get(i & 3), kind, payload));
                    }
                });
            }
            long t0 = System.nanoTime();
            start.countDown();
            while (count.sum() < (long) total / PRODUCERS * PRODUCERS) {
                Thread.sleep(1);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            for (Thread t : producers) {
                t.join();
            }
            if (!warmup) {
                new JsonLine("router", "throughput").put("producers", PRODUCERS).put("lanes", LANES.size())
                        .put("envelopes", total).put("per_s", Math.round(total / secs)).put("goal_per_s", 1_000_000).print();
            }
        }
        // Baseline: the same number of items through one LinkedBlockingQueue per lane.
        LongAdder got = new LongAdder();
        List<BlockingQueue<Object>> queues = LANES.stream().map(l -> (BlockingQueue<Object>) new LinkedBlockingQueue<>(16_384)).toList();
        List<Thread> consumers = queues.stream().map(q -> Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    q.take();
                    got.increment();
                }
            } catch (InterruptedException e) {
                // done
            }
        })).toList();
        long t0 = System.nanoTime();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            producers[p] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < total / PRODUCERS; i++) {
                    try {
                        queues.get(i & 3).put("x");
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        while (got.sum() < (long) total / PRODUCERS * PRODUCERS) {
            Thread.sleep(1);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        consumers.forEach(Thread::interrupt);
        if (!warmup) {
            new JsonLine("router", "throughput_baseline").put("what", "LinkedBlockingQueue per lane, same producers")
                    .put("envelopes", total).put("per_s", Math.round(total / secs)).print();
        }
    }

    private void hopLatency(int probes, boolean warmup) throws Exception {
        Samples hops = new Samples();
        LongAdder count = new LongAdder();
        try (Router router = new Router(Runnable::run, f -> { }, Router.Options.DEFAULT)) {
            router.attach(new Sink(Lane.STORE, count, hops));
            for (int i = 0; i < probes; i++) {
                router.send(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, System.nanoTime()));
                LockSupport.parkNanos(100_000);
            }
            while (count.sum() < probes) {
                Thread.sleep(1);
            }
        }
        Samples base = new Samples();
        BlockingQueue<Long> q = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(probes);
        Thread consumer = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    long sent = q.take();
                    base.add(System.nanoTime() - sent);
                    done.countDown();
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        for (int i = 0; i < probes; i++) {
            q.put(System.nanoTime());
            LockSupport.parkNanos(100_000);
        }
        done.await(30, TimeUnit.SECONDS);
        consumer.interrupt();
        if (!warmup) {
            new JsonLine("router", "hop_latency").put("probes", probes).put("p50_us", hops.percentileUs(50))
                    .put("p99_us", hops.percentileUs(99)).put("goal_p99_us", 50).print();
            new JsonLine("router", "hop_latency_baseline").put("what", "LinkedBlockingQueue take() on a parked thread")
                    .put("probes", probes).put("p50_us", base.percentileUs(50)).put("p99_us", base.percentileUs(99)).print();
        }
    }
}
