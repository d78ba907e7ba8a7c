package dev.parley.app.bench;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * The presence fan-out part of {@code bench locator}, in a small process of its own: star's 200
 * friends are online, and star logs in and out again, round after round. Star's friends stand for
 * 200 other computers; in the process holding 19,000 clients, its collector's pauses (tens of ms
 * on a 2 GB heap) were measured as the locator's fan-out time. The 19,000 sessions stay connected
 * and heartbeating meanwhile, so the locator carries its full load. Prints its JSON line to stdout.
 */
final class FanoutLoad {

    private static final List<String> JVM_OPTS = List.of("-XX:+UseSerialGC", "-Xmx256m");
    /** Enough rounds for a p99 that is not simply the worst one. */
    private static final int ROUNDS = 200;
    /** Rounds not counted: the first ten ran slower, one after another, while the JIT compiled here and in the locator. */
    private static final int WARM_UP_ROUNDS = 10;

    private final Payloads payloads = new Payloads();
    private final AtomicLong start = new AtomicLong();
    private final Samples perFriend = new Samples();
    private final AtomicReference<CountDownLatch> heard = new AtomicReference<>(new CountDownLatch(0));

    private FanoutLoad() {
    }

    /** Star's friends' usernames; the bench seeds them as friends of star. */
    static String friend(int i) {
        return String.format("fan%03d", i);
    }

    /** Runs the fan-out rounds in a new JVM on this one's classpath; returns its exit code. */
    static int runInOwnProcess(int port, String fingerprint, int friends, String password) throws Exception {
        return ChildJvm.run(FanoutLoad.class, false, JVM_OPTS,
                List.of(Integer.toString(port), fingerprint, Integer.toString(friends), password), Duration.ofMinutes(5));
    }

    public static void main(String[] args) throws Exception {
        new FanoutLoad().run(new HostPort("127.0.0.1", Integer.parseInt(args[0])), args[1], Integer.parseInt(args[2]), args[3]);
    }

    private void run(HostPort hp, String fingerprint, int friends, String password) throws Exception {
        SSLContext tls = TlsContexts.client(null, FingerprintTrustManager.pinned(fingerprint), new SecureRandom());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, r -> new Thread(r, "fanout-heartbeats"));
        LocatorClient.Options opts = new LocatorClient.Options(Duration.ofSeconds(10), Duration.ofSeconds(5), Backoff.DEFAULT);
        List<LocatorClient> online = new ArrayList<>();
        for (int i = 0; i < friends; i++) {
            LocatorClient c = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() {
                @Override
                public void pushed(Frame f) {
                    heardOf(f);
                }
            }, opts);
            c.login(friend(i), password, LocatorClient.Advertised.NONE);
            online.add(c);
        }

        LocatorClient.Options starOpts = new LocatorClient.Options(Duration.ofSeconds(10), Duration.ZERO, Backoff.DEFAULT);
        Samples allHeard = new Samples();
        for (int r = -WARM_UP_ROUNDS; r < ROUNDS; r++) {
            try (LocatorClient star = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, starOpts)) {
                star.connect();
                heard.set(new CountDownLatch(friends));
                if (r == 0) {
                    perFriend.clear();
                }
                start.set(System.nanoTime());
                star.login("star", password, new LocatorClient.Advertised(40000, null, null));
                if (!heard.get().await(10, TimeUnit.SECONDS)) {
                    LocatorBench.progress("fan-out round %d: only %d of %d friends heard", r,
                            friends - heard.get().getCount(), friends);
                }
                if (r >= 0) {
                    allHeard.add(System.nanoTime() - start.get());
                }
                star.logout();
            }
            Thread.sleep(100);
        }
        new JsonLine("locator", "presence_fanout")
                .put("friends", friends)
                .put("rounds", ROUNDS)
                .put("per_friend_p50_ms", perFriend.percentileMs(50))
                .put("per_friend_p99_ms", perFriend.percentileMs(99))
                .put("all_friends_p50_ms", allHeard.percentileMs(50))
                .put("all_friends_p99_ms", allHeard.percentileMs(99))
                .put("all_friends_max_ms", allHeard.percentileMs(100))
                .put("goal_p99_ms", 50)
                .put("note", "from sending star's LOGIN until each friend holds the PRESENCE push")
                .print();
        for (LocatorClient c : online) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    private void heardOf(Frame f) {
        if (f.command() != Command.PRESENCE) {
            return;
        }
        try {
            PresenceChange c = payloads.decode(f, PresenceChange.class);
            if (c.username().equals("star") && c.status() == Presence.ONLINE) {
                perFriend.add(System.nanoTime() - start.get());
                heard.get().countDown();
            }
        } catch (ProtocolException ignored) {
            // not a presence change of ours
        }
    }
}
