package dev.parley.app.bench;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.auth.Argon2Params;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.Database;
import dev.parley.server.store.FriendStore;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The training run behind the locator's ahead-of-time cache (JDK 25+, JEP 483 and 515). Starts a
 * locator process that records ({@code -XX:AOTCacheOutput}), puts it through what a restarted
 * locator meets first: full and resumed TLS handshakes, LOGIN, RESUME, HEARTBEAT, LOOKUP and
 * PRESENCE with a friend told of each change; then stops it, and the JVM writes the cache as it
 * exits. {@code ./parley} runs this once per build. A locator started with the cache finds its
 * classes loaded and linked and its hot methods' profiles ready: it starts in half the time and
 * compiles what a reconnect storm needs at once, instead of interpreting it while 19,000 clients
 * wait.
 *
 * <p>Accounts are seeded straight into the database with a cheap Argon2 cost, as the benches do.
 */
public final class LocatorTraining {

    private static final String PASSWORD = "training-password";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);

    /** What one run did, so a test can tell that it exercised the locator. */
    record Counts(long logins, long resumes, long lookups, long heartbeats, long presenceChanges) {
    }

    private final int clients;
    private final int rounds;

    LocatorTraining(int clients, int rounds) {
        this.clients = clients;
        this.rounds = rounds;
    }

    /** {@code LocatorTraining CACHE_FILE}: trains a locator started with PARLEY_LOCATOR_JVM_OPTS and writes CACHE_FILE. */
    public static void main(String[] args) {
        ChildJvm.exitAfter(() -> {
            Path cache = Path.of(args[0]).toAbsolutePath();
            long start = System.nanoTime();
            Counts c = new LocatorTraining(64, 12).run(List.of("-XX:AOTCacheOutput=" + cache));
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the locator exited without writing " + cache + "; see its log above");
            }
            System.err.printf("parley: locator cache %s (%d MB) from %d logins, %d resumes, %d lookups in %.1f s%n",
                    cache, Files.size(cache) >> 20, c.logins(), c.resumes(), c.lookups(), (System.nanoTime() - start) / 1e9);
        });
    }

    /** Runs the training against a new locator process given {@code extraJvmOpts}; stops it cleanly. */
    Counts run(List<String> extraJvmOpts) throws Exception {
        try (Scratch scratch = new Scratch("locator-training")) {
            Path dir = scratch.dir();
            seed(dir);
            Path log = dir.resolve("locator.log");
            LocatorProcess locator = LocatorProcess.start(dir, 0, log, extraJvmOpts);
            Counts counts;
            try {
                counts = exercise(new HostPort("127.0.0.1", locator.port), locator.fingerprint);
            } catch (Exception e) {
                locator.kill();
                throw e;
            }
            int exit = locator.stop(STOP_TIMEOUT);
            if (exit != 0 && exit != 143) {
                System.err.print(Files.readString(log));
                throw new IllegalStateException("the training locator exited with " + exit);
            }
            return counts;
        }
    }

    private static String user(int i) {
        return String.format("train%02d", i);
    }

    private void seed(Path dir) throws Exception {
        String hash = new PasswordHasher(Argon2Params.CHEAP_FOR_TESTS, new SecureRandom()).hash(PASSWORD);
        Map<String, String> accounts = new HashMap<>();
        List<String[]> pairs = new ArrayList<>();
        accounts.put("star", hash);
        for (int i = 0; i < clients; i++) {
            accounts.put(user(i), hash);
            pairs.add(new String[] {"star", user(i)});
        }
        try (Database db = Database.open(dir.resolve("locator.db"))) {
            new AccountStore(db).createAll(accounts, System.currentTimeMillis());
            new FriendStore(db).befriendAll(pairs, System.currentTimeMillis());
        }
    }

    /**
     * star online with a listen port (so lookups of star are answered, and star hears every
     * presence change); then in each round every client, at once: lookups, heartbeats, away and
     * back, and a reconnect that resumes both its TLS session and its locator session.
     */
    private Counts exercise(HostPort hp, String fingerprint) throws Exception {
        FingerprintTrustManager pinned = FingerprintTrustManager.pinned(fingerprint);
        SecureRandom random = new SecureRandom();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> new Thread(r, "training-timers"));
        LocatorClient.Options opts = new LocatorClient.Options(Duration.ofSeconds(30), Duration.ofSeconds(1), Backoff.DEFAULT);
        AtomicLong logins = new AtomicLong(), resumes = new AtomicLong(), lookups = new AtomicLong(),
                heartbeats = new AtomicLong(), presence = new AtomicLong();
        try (var workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("training-client-", 0).factory())) {
            LocatorClient star = new LocatorClient(hp, TlsContexts.client(null, pinned, random), scheduler,
                    new LocatorClient.Listener() { }, opts);
            star.login("star", PASSWORD, new LocatorClient.Advertised(40000, null, null));
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = user(i);
                // a TLS context each, as on separate computers: each resumes its own TLS session
                SSLContext tls = TlsContexts.client(null, pinned, random);
                running.add(workers.submit(() -> {
                    LocatorClient c = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, opts);
                    c.login(name, PASSWORD, LocatorClient.Advertised.NONE);
                    logins.incrementAndGet();
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < 50; k++) {
                            ok(c.request(Command.LOOKUP, new UserRef("star")).get(30, TimeUnit.SECONDS).type());
                            lookups.incrementAndGet();
                        }
                        for (int k = 0; k < 10; k++) {
                            ok(c.request(Command.HEARTBEAT, LocatorMessages.EMPTY).get(30, TimeUnit.SECONDS).type());
                            heartbeats.incrementAndGet();
                        }
                        c.presence(Presence.AWAY);
                        c.presence(Presence.ONLINE);
                        presence.addAndGet(2);
                        String token = c.token();
                        c.close();
                        c = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, opts);
                        c.resume(name, token, LocatorClient.Advertised.NONE);
                        resumes.incrementAndGet();
                    }
                    c.close();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
            star.close();
        } finally {
            scheduler.shutdownNow();
        }
        return new Counts(logins.get(), resumes.get(), lookups.get(), heartbeats.get(), presence.get());
    }

    private static void ok(FrameType t) {
        if (t != FrameType.OK) {
            throw new IllegalStateException("the training locator answered " + t);
        }
    }
}
