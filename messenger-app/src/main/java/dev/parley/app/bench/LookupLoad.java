package dev.parley.app.bench;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;

/**
 * The lookup part of {@code bench locator}, in a small process of its own: 64 clients, each
 * logged in as one of star's friends, look star up. First a closed loop of the no-op HEARTBEAT
 * (the baseline) and of LOOKUP, for the highest rate; then both again offered at the goal rate.
 * Prints its JSON lines to stdout, which it shares with the bench.
 */
final class LookupLoad {

    static final int GOAL_PER_S = 20_000;
    /** A small heap and a collector whose pauses are a millisecond or two: the load must not stall. */
    private static final List<String> JVM_OPTS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    private LookupLoad() {
    }

    /** Runs the lookups in a new JVM on this one's classpath; returns its exit code. */
    static int runInOwnProcess(int port, String fingerprint, int clients, String password) throws Exception {
        return ChildJvm.run(LookupLoad.class, false, JVM_OPTS,
                List.of(Integer.toString(port), fingerprint, Integer.toString(clients), password), Duration.ofMinutes(5));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String fingerprint = args[1];
        int count = Integer.parseInt(args[2]);
        String password = args[3];
        HostPort hp = new HostPort("127.0.0.1", port);
        SSLContext tls = TlsContexts.client(null, FingerprintTrustManager.pinned(fingerprint), new SecureRandom());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> new Thread(r, "lookup-heartbeats"));
        LocatorClient.Options opts = new LocatorClient.Options(Duration.ofSeconds(30), Duration.ofSeconds(5), Backoff.DEFAULT);
        List<LocatorClient> clients = new ArrayList<>();
        // star must be online with a listen port for lookups of star to be answered
        LocatorClient star = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, opts);
        star.login("star", password, new LocatorClient.Advertised(40000, null, null));
        for (int i = 0; i < count; i++) {
            LocatorClient c = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, opts);
            c.login(LocatorBench.lookupUser(i), password, LocatorClient.Advertised.NONE);
            clients.add(c);
        }
        // warm-up: JIT and the locator's roster cache
        closedLoop(clients, Command.LOOKUP, new UserRef("star"), Duration.ofSeconds(2), "warm-up");

        JsonLine baseline = closedLoop(clients, Command.HEARTBEAT, LocatorMessages.EMPTY, Duration.ofSeconds(5), "heartbeat_baseline");
        JsonLine lookup = closedLoop(clients, Command.LOOKUP, new UserRef("star"), Duration.ofSeconds(10), "lookups");
        JsonLine pacedBaseline = paced(clients, Command.HEARTBEAT, LocatorMessages.EMPTY, GOAL_PER_S,
                Duration.ofSeconds(5), "heartbeat_baseline_at_goal_rate");
        JsonLine paced = paced(clients, Command.LOOKUP, new UserRef("star"), GOAL_PER_S, Duration.ofSeconds(10),
                "lookups_at_goal_rate");
        baseline.print();
        lookup.put("goal_per_s", GOAL_PER_S).put("goal_p99_ms", 5)
                .put("note", "saturated: each client sends its next lookup as soon as the answer arrives").print();
        pacedBaseline.print();
        paced.put("goal_p99_ms", 5)
                .put("note", "open loop at the goal rate; latency counts from when each lookup was due, so a late send counts")
                .print();
        for (LocatorClient c : clients) {
            c.close();
        }
        star.close();
        scheduler.shutdownNow();
    }

    private static JsonLine closedLoop(List<LocatorClient> clients, Command cmd, Object body, Duration length, String metric)
            throws InterruptedException {
        return load(clients, cmd, body, 0, length, metric);
    }

    /**
     * {@code rate} requests a second spread evenly over the clients, each sent when it is due.
     * At saturation a closed loop only measures its own queue (latency = clients / throughput);
     * this asks how fast answers come at a given load, the way wrk2 does.
     */
    private static JsonLine paced(List<LocatorClient> clients, Command cmd, Object body, int rate, Duration length, String metric)
            throws InterruptedException {
        return load(clients, cmd, body, rate, length, metric).put("offered_per_s", rate);
    }

    /** Each client requests in turn for {@code length}: when due at {@code rate} a second in all, or at once when 0. */
    private static JsonLine load(List<LocatorClient> clients, Command cmd, Object body, int rate, Duration length, String metric)
            throws InterruptedException {
        Samples latency = new Samples();
        AtomicInteger errors = new AtomicInteger();
        long intervalNs = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * clients.size() / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rate == 0 ? 0 : 100);
        long end = start + length.toNanos();
        CountDownLatch done = new CountDownLatch(clients.size());
        for (int i = 0; i < clients.size(); i++) {
            LocatorClient c = clients.get(i);
            long offset = intervalNs * i / clients.size();
            Thread.ofVirtual().start(() -> {
                try {
                    for (long due = start + offset; due < end; ) {
                        long wait = due - System.nanoTime();
                        if (rate == 0) {
                            due = System.nanoTime();
                        } else if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        Frame f = c.request(cmd, body).get(5, TimeUnit.SECONDS);
                        latency.add(System.nanoTime() - due);
                        due += intervalNs;
                        if (f.type() != FrameType.OK) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (Math.max(System.nanoTime(), end) - start) / 1e9;
        return new JsonLine("locator", metric)
                .put("clients", clients.size())
                .put("requests", latency.count())
                .put("errors", errors.get())
                .put("per_s", Math.round(latency.count() / seconds))
                .put("p50_ms", latency.percentileMs(50))
                .put("p99_ms", latency.percentileMs(99));
    }
}
