package dev.parley.app.bench;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;

/**
 * The lookup part of {@code bench locator}, in a small process of its own: 64 clients, each
 * logged in as one of star's friends, look star up. Like wrk, the clients are connections on one
 * event-loop thread ({@link LoadLinks}), so that the load takes as little of the CPU the locator
 * shares with it as it can. First a closed loop of the no-op HEARTBEAT
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
        // star must be online with a listen port for lookups of star to be answered
        LocatorClient star = new LocatorClient(hp, tls, scheduler, new LocatorClient.Listener() { }, opts);
        star.login("star", password, new LocatorClient.Advertised(40000, null, null));
        List<String> users = IntStream.range(0, count).mapToObj(LocatorBench::lookupUser).toList();
        try (LoadLinks links = LoadLinks.connect(new InetSocketAddress("127.0.0.1", port), fingerprint, users, password)) {
            byte[] heartbeat = LoadLinks.request(Command.HEARTBEAT, LocatorMessages.EMPTY);
            byte[] lookup = LoadLinks.request(Command.LOOKUP, new UserRef("star"));
            // warm-up: JIT and the locator's roster cache
            links.run(lookup, 0, Duration.ofSeconds(2));

            JsonLine baseline = links.run(heartbeat, 0, Duration.ofSeconds(5)).result("heartbeat_baseline");
            JsonLine saturated = links.run(lookup, 0, Duration.ofSeconds(10)).result("lookups");
            JsonLine pacedBaseline = links.run(heartbeat, GOAL_PER_S, Duration.ofSeconds(5)).result("heartbeat_baseline_at_goal_rate");
            JsonLine paced = links.run(lookup, GOAL_PER_S, Duration.ofSeconds(10)).result("lookups_at_goal_rate");
            baseline.put("driver", count + " TLS connections on one event-loop thread in a process of their own,"
                    + " one request in flight on each").print();
            saturated.put("goal_per_s", GOAL_PER_S).put("goal_p99_ms", 5)
                    .put("note", "saturated: each client sends its next lookup as soon as the answer arrives").print();
            pacedBaseline.print();
            paced.put("goal_p99_ms", 5)
                    .put("note", "open loop at the goal rate; latency counts from when each lookup was due, so a late send counts")
                    .print();
        } finally {
            star.close();
            scheduler.shutdownNow();
        }
    }
}
