package dev.parley.app.bench;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.auth.Argon2Params;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.Database;
import dev.parley.server.store.FriendStore;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * {@code ./parley bench locator}: a locator in its own process and thousands of real TLS clients
 * in this one. Sessions held (RSS per session, heartbeat round trip), presence fan-out to 200
 * friends ({@link FanoutLoad}) and lookups from 64 concurrent clients against a HEARTBEAT no-op
 * baseline ({@link LookupLoad}), each from a small process of its own while these sessions stay
 * connected, and a kill -9 + restart reconnect storm. Accounts are seeded straight into the database
 * with a cheap Argon2 cost, which no option or message of the locator can select.
 *
 * <p>The clients run in a JVM of their own whose collector uses one core ({@link #LOAD_JVM_OPTS}).
 * Holding 19,000 sessions takes a heap of about 2 GB, and G1 pausing it with a thread per core took
 * both cores from the locator for 30-300 ms at a time: the load generator's pauses were counted as
 * the locator's latency. Its young generation is fixed at 1 GB: sized by G1 (~150 MB) it was
 * collected every 7-14 s while the clients heartbeated, for 80-300 ms of one core each time.
 */
final class LocatorBench {

    static final List<String> LOAD_JVM_OPTS = List.of("-XX:ParallelGCThreads=1", "-XX:ConcGCThreads=1", "-Xmn1g");

    private static final String PASSWORD = "bench-password";
    private static final int FANOUT_FRIENDS = 200;
    private static final int LOOKUP_CLIENTS = 64;
    private static final int RECONNECT_THREADS = 8;
    private static final int WARM_UP_ACCOUNTS = 16;
    private static final int WARM_UP_RESUMES = 4_000;
    private static final Pattern HANDSHAKES_LOGGED = Pattern.compile("(\\d+) TLS handshakes since start, (\\d+) of them resumed");

    private final int sessions;
    private final Duration hold;

    LocatorBench(int sessions, Duration hold) {
        this.sessions = sessions;
        this.hold = hold;
    }

    /** Runs the whole bench in a new JVM (see {@link #LOAD_JVM_OPTS}); returns its exit code. */
    static int runInOwnProcess(int sessions, Duration hold) throws Exception {
        return ChildJvm.run(LocatorBench.class, true, LOAD_JVM_OPTS,
                List.of(Integer.toString(sessions), Long.toString(hold.toSeconds())), Duration.ofMinutes(30));
    }

    public static void main(String[] args) {
        ChildJvm.exitAfter(() -> new LocatorBench(Integer.parseInt(args[0]), Duration.ofSeconds(Long.parseLong(args[1]))).run());
    }

    private static String user(int i) {
        return String.format("u%05d", i);
    }

    /**
     * Client {@code i}'s own loopback address, 127.1.x.y. On one address all 19,000 shared its
     * 28,000 source ports: with most of them taken, each connect of the storm's last seconds
     * scanned thousands of busy ports in the kernel (a third of the reconnect threads' CPU).
     */
    private static InetAddress sourceAddress(int i) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, 1, (byte) (i / 250), (byte) (1 + i % 250)});
    }

    /** The lookup clients' accounts: star's friends, so that their lookups of star are answered. */
    static String lookupUser(int i) {
        return String.format("look%02d", i);
    }

    void run() throws Exception {
        try (Scratch scratch = new Scratch("locator")) {
            run(scratch.dir());
        }
    }

    private void run(Path dir) throws Exception {
        seed(dir);
        Path log = dir.resolve("locator.log");
        LocatorProcess locator = LocatorProcess.start(dir, 0, log);
        int port = locator.port;
        Thread.sleep(1000);
        long rssBase = locator.rssKiB();
        progress("locator pid %d on port %d, RSS %d KiB before clients", locator.process.pid(), port, rssBase);

        FingerprintTrustManager pinned = FingerprintTrustManager.pinned(locator.fingerprint);
        SecureRandom random = new SecureRandom();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> new Thread(r, "bench-heartbeats"));
        // Thousands of clients in one process on two cores: their reconnects take turns on a few
        // threads, as separate computers would not slow each other down (see LocatorClient).
        ExecutorService reconnects = Executors.newFixedThreadPool(RECONNECT_THREADS, r -> new Thread(r, "bench-reconnects"));
        HostPort hp = new HostPort("127.0.0.1", port);
        Samples heartbeatRtt = new Samples();
        AtomicReference<CountDownLatch> resumed = new AtomicReference<>(new CountDownLatch(sessions));
        AtomicInteger reconnecting = new AtomicInteger();
        LocatorClient.Options opts = new LocatorClient.Options(Duration.ofSeconds(30), Duration.ofSeconds(5),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8)));

        List<LocatorClient> clients = new ArrayList<>(sessions);
        Payloads payloads = new Payloads();
        for (int i = 0; i < sessions; i++) {
            // a TLS context and a source address each, as on separate computers: a client resumes
            // its own TLS session, and the kernel finds a free source port at once
            SSLContext tls = TlsContexts.client(null, pinned, random);
            LocatorClient.Options own = opts.from(sourceAddress(i));
            clients.add(new LocatorClient(hp, tls, scheduler, reconnects, payloads, new LocatorClient.Listener() {
                @Override
                public void heartbeat(long rtt) {
                    heartbeatRtt.add(rtt);
                }

                @Override
                public void loggedIn(Welcome w, boolean wasResumed) {
                    if (wasResumed) {
                        resumed.get().countDown();
                    }
                }

                @Override
                public void stateChanged(LocatorClient.State s, String reason) {
                    if (s == LocatorClient.State.RECONNECTING) {
                        reconnecting.incrementAndGet();
                    }
                }

            }, own));
        }

        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(32);
        CountDownLatch loggedIn = new CountDownLatch(sessions);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < sessions; i++) {
            LocatorClient c = clients.get(i);
            String name = user(i);
            inFlight.acquire();
            Thread.ofVirtual().start(() -> {
                try {
                    c.login(name, PASSWORD, LocatorClient.Advertised.NONE);
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 3) {
                        progress("login %s failed: %s", name, e);
                    }
                } finally {
                    inFlight.release();
                    loggedIn.countDown();
                }
            });
        }
        loggedIn.await();
        double loginSeconds = (System.nanoTime() - t0) / 1e9;
        progress("%d sessions logged in in %.1f s (%d failed); holding for %d s", sessions - failures.get(), loginSeconds,
                failures.get(), hold.toSeconds());

        heartbeatRtt.clear();
        Thread.sleep(hold.toMillis());
        long rssHeld = locator.rssKiB();
        new JsonLine("locator", "sessions_held")
                .put("sessions", sessions - failures.get())
                .put("hold_s", hold.toSeconds())
                .put("login_s", loginSeconds)
                .put("rss_before_kib", rssBase)
                .put("rss_held_kib", rssHeld)
                .put("rss_per_session_kb", (rssHeld - rssBase) * 1.024 / Math.max(1, sessions - failures.get()))
                .put("goal_rss_per_session_kb", 20)
                .put("heartbeats", heartbeatRtt.count())
                .put("heartbeat_rtt_p50_ms", heartbeatRtt.percentileMs(50))
                .put("heartbeat_rtt_p99_ms", heartbeatRtt.percentileMs(99))
                .print();

        int fanoutExit = FanoutLoad.runInOwnProcess(port, locator.fingerprint, FANOUT_FRIENDS, PASSWORD);
        if (fanoutExit != 0) {
            progress("the fan-out process failed (exit %d)", fanoutExit);
        }
        lookups(port, locator.fingerprint);
        warmUpResumes(hp, pinned, random, scheduler, reconnects, payloads, opts);

        // reconnect storm
        resumed.set(new CountDownLatch(sessions - failures.get()));
        reconnecting.set(0);
        long killAt = System.nanoTime();
        locator.kill();
        LocatorProcess second = LocatorProcess.start(dir, port, dir.resolve("locator-2.log"));
        double restartS = (System.nanoTime() - killAt) / 1e9;
        boolean all = false;
        long stormDeadline = killAt + TimeUnit.SECONDS.toNanos(120);
        while (!all && System.nanoTime() < stormDeadline) {
            all = resumed.get().await(1, TimeUnit.SECONDS);
            progress("storm: %.1f s after the kill, %d of %d back", (System.nanoTime() - killAt) / 1e9,
                    sessions - failures.get() - resumed.get().getCount(), sessions - failures.get());
        }
        double stormS = (System.nanoTime() - killAt) / 1e9;
        long stillOut = resumed.get().getCount();

        for (LocatorClient c : clients) {
            c.close();
        }
        scheduler.shutdownNow();
        reconnects.shutdownNow();
        second.close();
        long[] handshakes = handshakesLogged(dir.resolve("locator-2.log"));
        new JsonLine("locator", "reconnect_storm")
                .put("sessions", sessions - failures.get())
                .put("all_back", all)
                .put("still_out", stillOut)
                .put("locator_restart_s", restartS)
                .put("all_back_after_kill_s", stormS)
                .put("tls_handshakes", handshakes[0])
                .put("tls_sessions_resumed", handshakes[1])
                .put("goal_s", 30)
                .print();
    }

    /**
     * Before the storm, this process resumes a few thousand sessions of the lookup accounts (idle
     * by now) against the running locator, so that the JIT has compiled the clients' resume path
     * (a resumed TLS 1.3 handshake and RESUME, which the 19,000 logins did not take). Otherwise
     * this process compiled it during the storm, on the cores the restarted locator needs: a
     * quarter of its CPU then was the C2 compiler. Separate computers would each compile on their own.
     */
    private static void warmUpResumes(HostPort hp, FingerprintTrustManager pinned, SecureRandom random,
                                      ScheduledExecutorService scheduler, ExecutorService reconnects, Payloads payloads,
                                      LocatorClient.Options opts) throws Exception {
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService warm = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-warm-up-", 0).factory())) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < WARM_UP_ACCOUNTS; i++) {
                String name = lookupUser(i);
                SSLContext tls = TlsContexts.client(null, pinned, random);
                all.add(warm.submit(() -> {
                    LocatorClient c = new LocatorClient(hp, tls, scheduler, reconnects, payloads, new LocatorClient.Listener() { }, opts);
                    c.login(name, PASSWORD, LocatorClient.Advertised.NONE);
                    for (int k = 0; k < WARM_UP_RESUMES / WARM_UP_ACCOUNTS; k++) {
                        String token = c.token();
                        c.close();
                        c = new LocatorClient(hp, tls, scheduler, reconnects, payloads, new LocatorClient.Listener() { }, opts);
                        c.resume(name, token, LocatorClient.Advertised.NONE);
                        done.incrementAndGet();
                    }
                    c.close();
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(2, TimeUnit.MINUTES);
            }
        }
        progress("warmed this process's resume path: %d resumes in %.1f s", done.get(), (System.nanoTime() - start) / 1e9);
    }

    /** The restarted locator's count of TLS handshakes, and of resumed sessions, from the line it logs as it stops. */
    private static long[] handshakesLogged(Path log) throws IOException {
        Matcher m = HANDSHAKES_LOGGED.matcher(Files.readString(log));
        return m.find() ? new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))} : new long[] {-1, -1};
    }

    private void seed(Path dir) throws Exception {
        long start = System.nanoTime();
        String hash = new PasswordHasher(Argon2Params.CHEAP_FOR_TESTS, new SecureRandom()).hash(PASSWORD);
        Map<String, String> accounts = new HashMap<>();
        for (int i = 0; i < sessions; i++) {
            accounts.put(user(i), hash);
        }
        accounts.put("star", hash);
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < FANOUT_FRIENDS; i++) {
            accounts.put(FanoutLoad.friend(i), hash);
            pairs.add(new String[] {"star", FanoutLoad.friend(i)});
        }
        for (int i = 0; i < LOOKUP_CLIENTS; i++) {
            accounts.put(lookupUser(i), hash);
            pairs.add(new String[] {"star", lookupUser(i)});
        }
        try (Database db = Database.open(dir.resolve("locator.db"))) {
            new AccountStore(db).createAll(accounts, System.currentTimeMillis());
            new FriendStore(db).befriendAll(pairs, System.currentTimeMillis());
        }
        progress("seeded %d accounts in %.1f s", accounts.size(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * Lookups come from a process of their own: this one holds 19,000 clients, and its
     * collector's pauses (tens of ms on a 2 GB heap) would stop the 64 lookup clients too and be
     * measured as the locator's latency.
     */
    private void lookups(int port, String fingerprint) throws Exception {
        int exit = LookupLoad.runInOwnProcess(port, fingerprint, LOOKUP_CLIENTS, PASSWORD);
        if (exit != 0) {
            progress("the lookup process failed (exit %d)", exit);
        }
    }

    static void progress(String fmt, Object... args) {
        System.err.println("bench locator: " + String.format(fmt, args));
    }
}
