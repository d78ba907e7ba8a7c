package dev.parley.app.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTest {

    final List<Fault> faults = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Runnable> uiTasks = new ConcurrentLinkedQueue<>();
    final Router router = new Router(uiTasks::add, faults::add,
            new Router.Options(100, Duration.ofMillis(200), 64, Duration.ZERO));

    @AfterEach
    void tearDown() {
        // The UI lane is closed on the UI executor, like everything else it does.
        Thread ui = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Runnable r = uiTasks.poll();
                if (r != null) {
                    r.run();
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        router.close();
        ui.interrupt();
    }

    /** Records what it gets; may block on a latch or throw on a given payload. */
    static final class Probe implements Worker {
        final Lane lane;
        final List<Object> got = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch gate;
        volatile boolean closed;
        final AtomicInteger batches = new AtomicInteger();
        Consumer<Object> onHandle = d -> { };

        Probe(Lane lane) {
            this.lane = lane;
        }

        @Override
        public Lane lane() {
            return lane;
        }

        @Override
        public void handle(Envelope e) throws Exception {
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                g.await();
            }
            onHandle.accept(e.data());
            got.add(e.data());
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void endOfBatch() {
            batches.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A store lane whose workers throw on "boom", made by a factory; returns every worker it made. */
    private List<Probe> attachStoreThatFailsOnBoom() {
        List<Probe> made = new CopyOnWriteArrayList<>();
        router.attach(Lane.STORE, () -> {
            Probe p = new Probe(Lane.STORE);
            p.onHandle = d -> {
                if ("boom".equals(d)) {
                    throw new IllegalStateException("disk on fire");
                }
            };
            made.add(p);
            return p;
        });
        return made;
    }

    static void eventually(String what, java.util.function.BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!ok.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(5);
        }
    }

    @Test
    void keepsOrderWithinAKindAndRunsEachLaneOnItsOwnNamedThread() throws Exception {
        Probe store = new Probe(Lane.STORE);
        router.attach(store);
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            assertThat(router.send(Lane.UI, Lane.STORE, Kind.TEXT, i)).isTrue();
            sent.add(i);
        }
        eventually("all delivered", () -> store.got.size() == 5000);
        assertThat(store.got).containsExactlyElementsOf(sent);
        assertThat(store.threads).allMatch(t -> t.equals("router-store"));
        assertThat(store.batches.get()).isBetween(1, 5000);
    }

    @Test
    void commandsGoBeforeTextBeforeProgress() throws Exception {
        Probe store = new Probe(Lane.STORE);
        store.gate = new CountDownLatch(1);
        router.attach(store);
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "first");
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        router.send(Lane.UI, Lane.STORE, Kind.PROGRESS, "progress");
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "text");
        router.send(Lane.UI, Lane.STORE, Kind.COMMAND, "command");
        store.gate.countDown();
        eventually("all four", () -> store.got.size() == 4);
        assertThat(store.got).containsExactly("first", "command", "text", "progress");
    }

    @Test
    void detachWhileBusyFinishesTheEnvelopeInHandThenClosesTheWorker() throws Exception {
        Probe busy = new Probe(Lane.sender("bob"));
        busy.gate = new CountDownLatch(1);
        Probe other = new Probe(Lane.STORE);
        router.attach(busy);
        router.attach(other);
        router.send(Lane.STORE, busy.lane, Kind.TEXT, "in hand");
        assertThat(busy.entered.await(5, TimeUnit.SECONDS)).isTrue();
        router.send(Lane.STORE, busy.lane, Kind.TEXT, "never handled");
        var stopped = router.detach(busy.lane);
        assertThat(router.attached(busy.lane)).isFalse();
        assertThat(router.send(Lane.STORE, busy.lane, Kind.TEXT, "after")).isFalse();
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "others still work");
        eventually("other lane", () -> other.got.contains("others still work"));
        assertThat(stopped).isNotDone();
        busy.gate.countDown();
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(busy.closed).isTrue();
        assertThat(busy.got).containsExactly("in hand");
        assertThat(router.stats().undeliverable()).isEqualTo(1);
    }

    @Test
    void aWorkerThatThrowsIsReportedAndReplacedByItsFactory() throws Exception {
        List<Probe> made = attachStoreThatFailsOnBoom();
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "a");
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "boom");
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "b");
        eventually("replacement handled b", () -> made.size() == 2 && made.get(1).got.contains("b"));
        assertThat(made.get(0).got).containsExactly("a");
        assertThat(made.get(0).closed).isTrue();
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.lane()).isEqualTo(Lane.STORE);
            assertThat(f.what()).contains("disk on fire");
        });
    }

    @Test
    void aWorkerThatThrowsWithoutAFactoryIsDetachedAndTheRouterKeepsRunning() throws Exception {
        Probe media = new Probe(Lane.MEDIA);
        media.onHandle = d -> {
            throw new IllegalArgumentException("bad frame");
        };
        Probe store = new Probe(Lane.STORE);
        router.attach(media);
        router.attach(store);
        router.send(Lane.UI, Lane.MEDIA, Kind.VIDEO, "frame");
        eventually("detached", () -> !router.attached(Lane.MEDIA));
        assertThat(media.closed).isTrue();
        assertThat(faults).hasSize(1);
        assertThat(router.send(Lane.UI, Lane.MEDIA, Kind.VIDEO, "frame")).isFalse();
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "fine");
        eventually("store works", () -> store.got.contains("fine"));
        // and the lane can be attached again
        router.attach(new Probe(Lane.MEDIA));
        assertThat(router.attached(Lane.MEDIA)).isTrue();
    }

    @Test
    void aStalledUiNeverBlocksTheNetworkAndResyncsAfterwards() throws Exception {
        Probe ui = new Probe(Lane.UI);
        router.attach(ui);
        long t0 = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (router.send(Lane.sender("bob"), Lane.UI, i % 2 == 0 ? Kind.TEXT : Kind.PROGRESS, i)) {
                accepted++;
            }
        }
        // Nothing ran the UI tasks, yet the producer was never held up (the BLOCK timeout is 200 ms).
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(200));
        assertThat(accepted).isEqualTo(100);
        assertThat(router.stats().dropped()).isEqualTo(900);
        // The UI catches up: first a Resync telling it to reload, then what was kept.
        for (Runnable r; (r = uiTasks.poll()) != null; ) {
            r.run();
        }
        assertThat(ui.got.getFirst()).isEqualTo(new Resync(450));
        assertThat(ui.got).hasSize(101);
    }

    @Test
    void theUiLaneRunsOnlyOnTheInjectedExecutor() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx-thread"));
        try (Router r = new Router(fx, faults::add, Router.Options.DEFAULT)) {
            Probe ui = new Probe(Lane.UI);
            r.attach(ui);
            for (int i = 0; i < 1000; i++) {
                r.send(Lane.STORE, Lane.UI, Kind.TEXT, i);
            }
            eventually("all shown", () -> ui.got.size() == 1000);
            assertThat(ui.threads).allMatch(t -> t.equals("fake-fx-thread"));
        } finally {
            fx.shutdownNow();
        }
    }

    @Test
    void aFullBlockingLaneRefusesAfterTheTimeoutAndReportsIt() throws Exception {
        Probe store = new Probe(Lane.STORE);
        store.gate = new CountDownLatch(1);
        router.attach(store);
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "in hand");
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(router.send(Lane.UI, Lane.STORE, Kind.TEXT, i)).isTrue();
        }
        assertThat(router.send(Lane.UI, Lane.STORE, Kind.TEXT, "one too many")).isFalse();
        assertThat(router.stats().refused()).isEqualTo(1);
        assertThat(faults).singleElement().satisfies(f -> assertThat(f.what()).contains("lane full"));
        store.gate.countDown();
        eventually("drained", () -> store.got.size() == 101);
    }

    @Test
    void sendInlineRunsAnIdleLaneOnTheCallersThreadAndOneBatchAtATime() throws Exception {
        Probe store = new Probe(Lane.STORE);
        router.attach(store);
        Thread.currentThread().setName("a-reader");
        assertThat(router.sendInline(Envelope.of(Lane.sender("bob"), Lane.STORE, Kind.TEXT, "here"))).isTrue();
        assertThat(store.got).containsExactly("here");
        assertThat(store.threads).containsExactly("a-reader");
        assertThat(store.batches.get()).isEqualTo(1);
        assertThat(router.stats().delivered()).isEqualTo(1);
    }

    @Test
    void aWorkerCanTellItsLanesOwnThreadFromOneRunningItInline() throws Exception {
        Probe store = new Probe(Lane.STORE);
        List<Boolean> own = new CopyOnWriteArrayList<>();
        store.onHandle = d -> own.add(router.onLaneThread(Lane.STORE));
        router.attach(store);
        router.attach(new Probe(Lane.MEDIA));
        router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, "inline"));
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, "queued");
        eventually("both", () -> store.got.size() == 2);
        assertThat(store.threads).containsExactly(Thread.currentThread().getName(), "router-store");
        assertThat(own).containsExactly(false, true);
        assertThat(router.onLaneThread(Lane.STORE)).isFalse();
    }

    @Test
    void sendInlineQueuesBehindWhatIsWaitingSoOrderIsKept() throws Exception {
        Probe store = new Probe(Lane.STORE);
        store.gate = new CountDownLatch(1);
        router.attach(store);
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, 1);
        assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
        // The lane's thread is busy with 1: an inline send must neither run beside it nor overtake 2.
        router.send(Lane.UI, Lane.STORE, Kind.TEXT, 2);
        Thread caller = Thread.ofPlatform().name("inline-caller").start(() -> {
            for (int i = 3; i <= 90; i++) { // within the lane's capacity of 100
                router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, i));
            }
        });
        caller.join(5_000);
        store.gate.countDown();
        eventually("all 90", () -> store.got.size() == 90);
        assertThat(router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, 91))).isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= 91; i++) {
            expected.add(i);
        }
        assertThat(store.got).containsExactlyElementsOf(expected);
        assertThat(store.threads.subList(0, 90)).allMatch(t -> t.equals("router-store"));
        // drained and idle again: the next one runs right here
        assertThat(store.threads.getLast()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aWorkerThatSendsToItsOwnLaneInlineGetsItQueuedNotNested() throws Exception {
        Probe store = new Probe(Lane.STORE);
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        store.onHandle = d -> {
            deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
            if ("first".equals(d)) {
                assertThat(router.sendInline(Envelope.of(Lane.STORE, Lane.STORE, Kind.TEXT, "second"))).isTrue();
            }
            depth.decrementAndGet();
        };
        router.attach(store);
        router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, "first"));
        eventually("both", () -> store.got.size() == 2);
        assertThat(store.got).containsExactly("first", "second");
        assertThat(deepest.get()).isEqualTo(1);
        assertThat(store.threads.get(1)).isEqualTo("router-store");
    }

    @Test
    void aWorkerThatThrowsOnTheCallersThreadIsReplacedAsOnItsOwn() throws Exception {
        List<Probe> made = attachStoreThatFailsOnBoom();
        assertThat(router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, "boom"))).isTrue();
        assertThat(faults).singleElement().satisfies(f -> assertThat(f.what()).contains("disk on fire"));
        assertThat(made).hasSize(2);
        assertThat(made.get(0).closed).isTrue();
        router.sendInline(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, "after"));
        assertThat(made.get(1).got).containsExactly("after");
    }

    @Test
    void theUiLaneNeverRunsInline() throws Exception {
        Probe ui = new Probe(Lane.UI);
        router.attach(ui);
        assertThat(router.sendInline(Envelope.of(Lane.STORE, Lane.UI, Kind.TEXT, "shown"))).isTrue();
        assertThat(ui.got).isEmpty();
        for (Runnable r; (r = uiTasks.poll()) != null; ) {
            r.run();
        }
        assertThat(ui.got).containsExactly("shown");
    }
}
