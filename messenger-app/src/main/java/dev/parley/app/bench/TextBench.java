package dev.parley.app.bench;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.History;
import dev.parley.app.core.Messenger;
import dev.parley.app.core.MessengerListener;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench text}: two clients in this process on a real locator, linked by mutual TLS on
 * 127.0.0.1, every message stored on both sides. A plain-socket ping-pong of the same size in the
 * same run is the baseline; one over TLS shows the encryption's own share, and the skeleton the
 * floor of this design. The UI lane runs on a direct executor: this measures the core.
 */
final class TextBench {

    private static final int SIZE = 200;
    private static final int RATE = 1000;
    private static final int BULK = 200_000;
    private static final int WINDOW = 10_000;
    /**
     * Round trips before the measured ones, at the same rate: ten seconds, by when the JIT has
     * compiled the message path. With two seconds, the compiler threads were still busy for the
     * first five measured seconds, and a wake-up that met one waited for a core.
     */
    private static final int WARMUP = 10_000;

    private final Duration duration;

    TextBench(Duration duration) {
        this.duration = duration;
    }

    /** Counts deliveries and records send-to-delivered times. */
    private static final class Timings implements MessengerListener {
        /**
         * One message's two times, whichever comes first: when it was sent, and when it was shown
         * delivered. An acknowledgement can arrive before {@code send} has returned to the bench
         * thread, and dropping those samples (the fastest) biased the percentiles up.
         */
        private record Stamp(boolean sent, long nanos) {
        }

        private final Map<String, Stamp> stamps = new ConcurrentHashMap<>();
        final Samples roundTrips = new Samples();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        volatile boolean timing;

        void sent(String id, long nanos) {
            if (timing) {
                stamps.merge(id, new Stamp(true, nanos), this::pair);
            }
        }

        private Stamp pair(Stamp a, Stamp b) {
            Stamp sent = a.sent() ? a : b;
            Stamp shown = a.sent() ? b : a;
            roundTrips.add(shown.nanos() - sent.nanos());
            return null;
        }

        void stopTiming() {
            timing = false;
            stamps.clear();
        }

        @Override
        public void deliveryChanged(String peer, List<String> ids, Delivery state) {
            if (state != Delivery.DELIVERED) {
                return;
            }
            if (timing) {
                long now = System.nanoTime();
                for (String id : ids) {
                    stamps.merge(id, new Stamp(false, now), this::pair);
                }
            }
            delivered.addAndGet(ids.size());
        }

        @Override
        public void messageAdded(ChatMessage m) {
            if (!m.outgoing()) {
                received.incrementAndGet();
            }
        }
    }

    void run() throws Exception {
        try (Scratch scratch = new Scratch("text")) {
            run(scratch.dir());
        }
    }

    private void run(Path dir) throws Exception {
        chat(dir);
        history(dir.resolve("history-100k.db"));
    }

    private static String text(long i) {
        String head = "message " + i + " ";
        return head + "x".repeat(SIZE - head.length());
    }

    /**
     * The round trips are measured in {@value #SEGMENTS} turns, each a plain-socket turn, a TLS
     * turn, a skeleton turn ({@link EchoProbe#skeleton}) and a messenger turn of the same length,
     * so that the baseline sees the same machine as what it is compared with: on a shared VM, a
     * minute's neighbours can double a p99.
     */
    private static final int SEGMENTS = 6;

    /** Ping-pongs {@code n} times at the bench's rate. */
    private static void pingPong(EchoProbe probe, long n, Samples into) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            paceTo(t0, i);
            probe.once(into);
        }
        probe.awaitReplies();
    }

    private static JsonLine pingPongLine(String metric, Samples rtt, long seconds) {
        return new JsonLine("text", metric).put("bytes", SIZE).put("rate_per_s", RATE)
                .put("seconds", seconds).put("samples", rtt.count())
                .put("p50_ms", rtt.percentileMs(50)).put("p90_ms", rtt.percentileMs(90)).put("p99_ms", rtt.percentileMs(99))
                .put("p999_ms", rtt.percentileMs(99.9)).put("over_1ms", rtt.countOver(1_000_000));
    }

    private static void paceTo(long t0, long i) {
        long due = t0 + i * 1_000_000_000L / RATE;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private void chat(Path dir) throws Exception {
        try (Locator locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS), Clock.systemUTC())) {
            HostPort hp = new HostPort("127.0.0.1", locator.address().getPort());
            AppHome home = new AppHome(dir.resolve("home"));
            Timings aliceT = new Timings();
            Timings bobT = new Timings();
            Messenger.Options opts = Messenger.Options.DEFAULT.withListen("127.0.0.1", 0, null);
            Profile ap = home.profile("alice");
            Profile bp = home.profile("bob");
            try (Messenger alice = Messenger.open(ap.dir(), hp, ap.knownLocators().trustFor(hp), Runnable::run, aliceT, opts);
                 Messenger bob = Messenger.open(bp.dir(), hp, bp.knownLocators().trustFor(hp), Runnable::run, bobT, opts)) {
                alice.register("alice", "password-a");
                bob.register("bob", "password-b");
                alice.login("alice", "password-a");
                bob.login("bob", "password-b");
                alice.locator().call(Command.FRIEND_REQUEST, new FriendRequest("bob", null, null), Map.class);
                bob.locator().call(Command.FRIEND_ACCEPT, new UserRef("alice"), Friend.class);
                long until = System.nanoTime() + 10_000_000_000L;
                while (!alice.linked().contains("bob") && System.nanoTime() < until) {
                    Thread.sleep(10);
                }
                if (!alice.linked().contains("bob")) {
                    throw new IllegalStateException("alice and bob did not link within 10 s");
                }
                roundTrips(alice, aliceT, dir);
                throughput(alice, aliceT, bobT, bob);
            }
        }
    }

    private void roundTrips(Messenger alice, Timings t, Path dir) throws Exception {
        Samples plain = new Samples();
        Samples tls = new Samples();
        Samples skeleton = new Samples();
        try (EchoProbe plainProbe = EchoProbe.plain(SIZE); EchoProbe tlsProbe = EchoProbe.tls(SIZE);
             EchoProbe skeletonProbe = EchoProbe.skeleton(SIZE, dir)) {
            pingPong(plainProbe, WARMUP / 5, null);
            pingPong(tlsProbe, WARMUP / 5, null);
            pingPong(skeletonProbe, WARMUP / 5, null);
            send(alice, t, WARMUP);
            t.roundTrips.clear();
            long perSegment = duration.toSeconds() * RATE / SEGMENTS;
            for (int segment = 0; segment < SEGMENTS; segment++) {
                pingPong(plainProbe, perSegment, plain);
                pingPong(tlsProbe, perSegment, tls);
                pingPong(skeletonProbe, perSegment, skeleton);
                send(alice, t, perSegment);
            }
        }
        double baseP50 = plain.percentileMs(50);
        double baseP99 = plain.percentileMs(99);
        pingPongLine("baseline_socket_ping_pong", plain, duration.toSeconds()).put("segments", SEGMENTS).print();
        pingPongLine("tls_socket_ping_pong", tls, duration.toSeconds()).put("segments", SEGMENTS)
                .put("p50_vs_baseline", round(tls.percentileMs(50) / baseP50))
                .put("p99_vs_baseline", round(tls.percentileMs(99) / baseP99)).print();
        pingPongLine("skeleton_round_trip", skeleton, duration.toSeconds()).put("segments", SEGMENTS)
                .put("p50_vs_baseline", round(skeleton.percentileMs(50) / baseP50))
                .put("p99_vs_baseline", round(skeleton.percentileMs(99) / baseP99)).print();
        Samples r = t.roundTrips;
        new JsonLine("text", "delivered_round_trip").put("bytes", SIZE).put("rate_per_s", RATE).put("warmup_messages", WARMUP)
                .put("seconds", duration.toSeconds()).put("segments", SEGMENTS).put("samples", r.count())
                .put("p50_ms", r.percentileMs(50)).put("p90_ms", r.percentileMs(90)).put("p99_ms", r.percentileMs(99))
                .put("p999_ms", r.percentileMs(99.9)).put("over_1ms", r.countOver(1_000_000))
                .put("p50_vs_baseline", round(r.percentileMs(50) / baseP50)).put("p99_vs_baseline", round(r.percentileMs(99) / baseP99))
                .put("p50_vs_tls", round(r.percentileMs(50) / tls.percentileMs(50)))
                .put("p99_vs_tls", round(r.percentileMs(99) / tls.percentileMs(99)))
                .put("p50_vs_skeleton", round(r.percentileMs(50) / skeleton.percentileMs(50)))
                .put("p99_vs_skeleton", round(r.percentileMs(99) / skeleton.percentileMs(99)))
                .put("goal_p50_vs_baseline", 2).put("goal_p99_vs_baseline", 3).print();
    }

    /** Sends {@code n} messages at the bench's rate, each timed until shown delivered. */
    private static void send(Messenger alice, Timings t, long n) throws Exception {
        t.timing = true;
        long before = t.delivered.get();
        long t0 = System.nanoTime();
        for (long i = 0; i < n; i++) {
            paceTo(t0, i);
            long s = System.nanoTime();
            ChatMessage m = alice.send("bob", text(i));
            t.sent(m.id(), s);
        }
        awaitDelivered(t, before + n);
        t.stopTiming();
    }

    private void throughput(Messenger alice, Timings aliceT, Timings bobT, Messenger bob) throws Exception {
        long deliveredBefore = aliceT.delivered.get();
        long receivedBefore = bobT.received.get();
        long storedBefore = bob.history().count();
        long t0 = System.nanoTime();
        for (int i = 0; i < BULK; i++) {
            while (i - (aliceT.delivered.get() - deliveredBefore) >= WINDOW) {
                LockSupport.parkNanos(50_000);
            }
            alice.send("bob", text(i));
        }
        awaitDelivered(aliceT, deliveredBefore + BULK);
        double secs = (System.nanoTime() - t0) / 1e9;
        long storedByBob = bob.history().count() - storedBefore;
        new JsonLine("text", "throughput_one_link").put("messages", BULK).put("bytes", SIZE).put("window", WINDOW)
                .put("seconds", round(secs)).put("per_s", Math.round(BULK / secs))
                .put("received_by_bob", bobT.received.get() - receivedBefore).put("stored_by_bob", storedByBob)
                .put("goal_per_s", 50_000).print();
    }

    private static void awaitDelivered(Timings t, long target) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long seen = t.delivered.get();
        while (t.delivered.get() < target) {
            Thread.sleep(2);
            long now = t.delivered.get();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 30_000_000_000L) {
                throw new IllegalStateException("deliveries stalled at " + now + " of " + target);
            }
        }
    }

    /** Opening a conversation of 100,000 messages: the latest 50, and a full-text search. */
    private void history(Path file) throws Exception {
        try (History h = History.open(file)) {
            List<ChatMessage> batch = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                boolean out = i % 2 == 0;
                batch.add(new ChatMessage(0, "m" + i, "bob", out, "message " + i + " about topic " + (i % 997) + " 你好",
                        1_700_000_000_000L + i, out ? Delivery.DELIVERED : Delivery.RECEIVED));
                if (batch.size() == 5_000) {
                    h.insert(batch);
                    batch.clear();
                }
            }
            h.indexAll(); // the idle-time indexing a real history would have had
        }
        Samples open = new Samples();
        Samples latest = new Samples();
        Samples search = new Samples();
        for (int round = 0; round < 21; round++) {
            long t0 = System.nanoTime();
            try (History h = History.open(file)) {
                List<ChatMessage> page = h.latest("bob", 50);
                long t1 = System.nanoTime();
                if (page.size() != 50 || !page.getLast().id().equals("m99999")) {
                    throw new IllegalStateException("wrong page: " + page.size());
                }
                long t2 = System.nanoTime();
                h.latest("bob", 50);
                long t3 = System.nanoTime();
                int hits = h.search("topic 512 ", 50).size();
                long t4 = System.nanoTime();
                if (hits == 0) {
                    throw new IllegalStateException("search found nothing");
                }
                if (round > 0) {
                    open.add(t1 - t0);
                    latest.add(t3 - t2);
                    search.add(t4 - t3);
                }
            }
        }
        new JsonLine("text", "history_open_latest_50").put("messages", 100_000).put("rounds", open.count())
                .put("open_and_latest_50_p50_ms", open.percentileMs(50)).put("open_and_latest_50_max_ms", open.percentileMs(100))
                .put("latest_50_p50_ms", latest.percentileMs(50)).put("search_p50_ms", search.percentileMs(50))
                .put("goal_ms", 50).print();
    }

    private static double round(double d) {
        return Math.round(d * 100.0) / 100.0;
    }
}
