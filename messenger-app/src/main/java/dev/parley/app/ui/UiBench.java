package dev.parley.app.ui;

import dev.parley.app.bench.JsonLine;
import dev.parley.app.bench.Samples;
import dev.parley.app.bench.Scratch;
import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.History;
import dev.parley.app.core.Messenger;
import dev.parley.app.core.MessengerListener;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import dev.parley.server.auth.RateLimitPolicy;
import dev.parley.server.auth.RateLimiter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * {@code ./parley bench ui}: how smooth the window stays while a friend sends 1,000 messages/s
 * into the open conversation (JavaFX pulse length, against idle pulses measured in the same run),
 * and the resident memory of a client holding 20 conversations of 10,000 messages.
 */
public final class UiBench {

    static final Messenger.Options OPTIONS = Messenger.Options.DEFAULT.withListen("127.0.0.1", 0, null);
    static final int CONVERSATIONS = 20;
    static final int PER_CONVERSATION = 10_000;

    private final int rate;
    private final Duration load;

    public UiBench(int ratePerSecond, Duration load) {
        this.rate = ratePerSecond;
        this.load = load;
    }

    public void run() throws Exception {
        try (Scratch scratch = new Scratch("ui")) {
            run(scratch.dir());
        }
    }

    private void run(Path dir) throws Exception {
        Headless.start(dir.resolve("openjfx"));
        try (Locator locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS)
                .withRateLimits(Map.of(RateLimitPolicy.REGISTRATIONS_PER_ADDRESS, new RateLimiter.Limit(1000, Duration.ofHours(1)))),
                Clock.systemUTC())) {
            HostPort server = new HostPort("127.0.0.1", locator.address().getPort());
            AppHome home = new AppHome(dir.resolve("home"));
            pulses(home, server);
            memory(home, server, dir);
        }
    }

    // ---- responsiveness under a stream of messages

    private void pulses(AppHome home, HostPort server) throws Exception {
        Profile bobProfile = home.profile("bob");
        try (Messenger bob = Messenger.open(bobProfile.dir(), server, bobProfile.knownLocators().trustFor(server), Runnable::run,
                new MessengerListener() { }, OPTIONS)) {
            bob.register("bob", "bob-password");
            bob.login("bob", "bob-password");
            ParleyWindow alice = window(home, home.profile("alice"), server);
            fx(() -> {
                alice.submit(new LoginView.Request(server.toString(), false, "alice", "alice-password", true));
                return null;
            });
            until(() -> alice.main() != null);
            alice.messenger().locator().call(Command.FRIEND_REQUEST, new FriendRequest("bob", null, null), Map.class);
            bob.locator().call(Command.FRIEND_ACCEPT, new UserRef("alice"), Friend.class);
            until(() -> alice.main().contactNamed("bob") != null);
            until(() -> alice.messenger().linked().contains("bob") || bob.linked().contains("alice"));
            fx(() -> {
                alice.main().open("bob");
                return null;
            });

            PulseProbe probe = fx(() -> new PulseProbe(alice.stage()));
            Thread.sleep(1000);
            probe.reset();
            Thread.sleep(5000);
            Samples idlePulse = probe.pulses();
            Samples idleFrame = probe.frames();
            print("idle_baseline", idlePulse, idleFrame, 0, 0, 0);

            // one second at the same rate first, so the JIT has compiled the message path
            stream(bob, rate, 0);
            until(() -> alice.main().conversation().items().size() >= rate);
            Thread.sleep(500);
            probe.reset();
            long total = (long) rate * load.toSeconds();
            long start = System.nanoTime();
            stream(bob, total, rate);
            long sent = System.nanoTime();
            long want = rate + total;
            until(() -> alice.main().conversation().items().size() >= want);
            long shown = System.nanoTime();
            Samples loadPulse = probe.pulses();
            Samples loadFrame = probe.frames();
            print("pulse_under_load", loadPulse, loadFrame, total, (sent - start) / 1e9, (shown - start) / 1e9);
            fx(() -> {
                probe.stop();
                alice.close();
                return null;
            });
        }
    }

    private void stream(Messenger bob, long count, long offset) {
        long start = System.nanoTime();
        long every = TimeUnit.SECONDS.toNanos(1) / rate;
        for (long i = 0; i < count; i++) {
            long wait = start + i * every - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            bob.send("alice", "message " + (offset + i) + " — the quick brown fox jumps over the lazy dog, 敏捷的棕色狐狸");
        }
    }

    private static void print(String metric, Samples pulse, Samples frame, long messages, double sendSeconds, double shownSeconds) {
        JsonLine j = new JsonLine("ui", metric)
                .put("pulses", pulse.count())
                .put("pulse_p50_ms", pulse.percentileMs(50))
                .put("pulse_p99_ms", pulse.percentileMs(99))
                .put("pulse_max_ms", pulse.percentileMs(100))
                .put("frame_interval_p99_ms", frame.percentileMs(99))
                .put("frame_interval_max_ms", frame.percentileMs(100));
        if (messages > 0) {
            j.put("messages", messages).put("sent_in_s", Math.round(sendSeconds * 100) / 100.0)
                    .put("all_shown_after_s", Math.round(shownSeconds * 100) / 100.0)
                    .put("goal_pulse_p99_ms", 16).put("goal_pulse_max_ms", 100);
        }
        j.print();
    }

    /**
     * Times each pulse on the JavaFX thread: from the animation step that opens it to the end of
     * layout (CSS, layout and our event handling in between), and the interval between frames.
     */
    static final class PulseProbe {
        private final AnimationTimer timer;
        private final Runnable after;
        private final Stage stage;
        private Samples pulses = new Samples();
        private Samples frames = new Samples();
        private long pulseStart;
        private long lastFrame;

        PulseProbe(Stage stage) {
            this.stage = stage;
            this.timer = new AnimationTimer() {
                @Override
                public void handle(long now) {
                    long t = System.nanoTime();
                    if (lastFrame != 0) {
                        frames.add(t - lastFrame);
                    }
                    lastFrame = t;
                    pulseStart = t;
                }
            };
            this.after = () -> {
                if (pulseStart != 0) {
                    pulses.add(System.nanoTime() - pulseStart);
                    pulseStart = 0;
                }
            };
            stage.getScene().addPostLayoutPulseListener(after);
            timer.start();
        }

        void reset() throws Exception {
            fx(() -> {
                pulses = new Samples();
                frames = new Samples();
                lastFrame = 0;
                return null;
            });
        }

        Samples pulses() throws Exception {
            return fx(() -> pulses);
        }

        Samples frames() throws Exception {
            return fx(() -> frames);
        }

        void stop() {
            timer.stop();
            stage.getScene().removePostLayoutPulseListener(after);
        }
    }

    // ---- memory of a client with a large history

    private void memory(AppHome home, HostPort server, Path dir) throws Exception {
        Profile carol = home.profile("carol");
        List<LocatorClient> friends = new ArrayList<>();
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-friend-timers"));
        try (Messenger me = Messenger.open(carol.dir(), server, carol.knownLocators().trustFor(server), Runnable::run,
                new MessengerListener() { }, OPTIONS)) {
            me.register("carol", "carol-password");
            me.login("carol", "carol-password");
            for (int f = 0; f < CONVERSATIONS; f++) {
                String name = "friend" + f;
                Profile p = home.profile(name);
                LocatorClient c = LocatorClient.create(server, p.knownLocators().trustFor(server),
                        timers, new LocatorClient.Listener() { },
                        LocatorClient.Options.DEFAULT);
                friends.add(c);
                c.register(name, name + "-password");
                c.login(name, name + "-password", LocatorClient.Advertised.NONE);
                c.call(Command.FRIEND_REQUEST, new FriendRequest("carol", null, null), Map.class);
                me.locator().call(Command.FRIEND_ACCEPT, new UserRef(name), Friend.class);
            }
            me.logout();
        } finally {
            friends.forEach(LocatorClient::close);
            timers.shutdownNow();
        }
        // 200,000 messages written straight into carol's history, as months of chatting would leave them
        long t = System.currentTimeMillis() - PER_CONVERSATION * 60_000L;
        try (History h = History.open(carol.dir().resolve("history.db"))) {
            for (int f = 0; f < CONVERSATIONS; f++) {
                List<ChatMessage> batch = new ArrayList<>(PER_CONVERSATION);
                for (int i = 0; i < PER_CONVERSATION; i++) {
                    boolean out = i % 2 == 0;
                    batch.add(new ChatMessage(0, UUID.randomUUID().toString(), "friend" + f, out,
                            "message " + i + " in conversation " + f + ": see you at the station at " + (i % 24) + ":00 — 车站见",
                            t + i * 60_000L, out ? Delivery.DELIVERED : Delivery.RECEIVED));
                }
                h.insert(batch);
            }
            h.indexAll(); // months of chatting leave the search index complete
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        // the probe runs with the JVM options ./parley app uses
        List<String> cmd = new ArrayList<>(List.of(java));
        String appOpts = System.getenv().getOrDefault("PARLEY_APP_JVM_OPTS", "");
        cmd.addAll(Arrays.stream(appOpts.split("\\s+")).filter(o -> !o.isBlank()).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), UiMemoryProbe.class.getName(),
                home.root().toString(), "carol", "carol-password", server.toString(), dir.resolve("probe-openjfx").toString()));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("probe.log").toFile()).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (line == null) {
            throw new IOException("the memory probe printed nothing; see " + dir.resolve("probe.log"));
        }
        System.out.println(line);
    }

    // ---- helpers

    static ParleyWindow window(AppHome home, Profile profile, HostPort server) throws Exception {
        WindowConfig cfg = new WindowConfig(home, profile, server.toString(),
                server, OPTIONS, Duration.ofHours(1), url -> { });
        return fx(() -> {
            ParleyWindow w = new ParleyWindow(new Stage(), cfg);
            w.stage().setWidth(980);
            w.stage().setHeight(680);
            w.show();
            return w;
        });
    }

    static <T> T fx(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    static void until(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            if (fx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the window did not get there within 120 s");
    }
}
