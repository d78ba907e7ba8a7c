package dev.parley.app.bench;

import dev.parley.app.call.Call;
import dev.parley.app.call.CallState;
import dev.parley.app.core.Messenger;
import dev.parley.app.core.MessengerListener;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.media.Devices;
import dev.parley.media.audio.EchoMeasure;
import dev.parley.media.call.CallStats;
import dev.parley.media.video.Encoded;
import dev.parley.media.video.Picture;
import dev.parley.media.video.Rgb;
import dev.parley.media.video.TestPattern;
import dev.parley.media.video.VideoView;
import dev.parley.media.video.Vp8Decoder;
import dev.parley.media.video.Vp8Encoder;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.Deflater;

/**
 * {@code ./parley bench call}: a video call between two clients in this process on 127.0.0.1,
 * both sending the synthetic camera at 640×480, 30 fps, 1 Mbit/s, with real TLS, VP8 and Opus.
 * Measured at the receiver: frame rate, capture-to-decoded latency, bitrate, PSNR against the
 * pattern that was drawn; sound capture-to-playout latency; the CPU both ends use. In the same
 * run: the codec alone (encode + decode, no network) as the latency baseline, the reference
 * design's zlib-compressed raw frames for the size ratio, and the echo canceller on a simulated
 * speaker-to-microphone path.
 */
public final class CallBench {

    private final int seconds;

    public CallBench(int seconds) {
        this.seconds = seconds;
    }

    /** Each second's numbers at one end. */
    private static final class Ears implements MessengerListener {
        final List<CallStats> stats = Collections.synchronizedList(new ArrayList<>());
        volatile Call call;

        @Override
        public void callChanged(Call c) {
            call = c;
        }

        @Override
        public void callStats(Call c, CallStats s) {
            stats.add(s);
        }

        CallState state() {
            Call c = call;
            return c == null ? null : c.state();
        }
    }

    /** What bob's screen gets: latency of every picture, PSNR of every fifth. */
    private static final class Screen implements VideoView {
        final Samples latency = new Samples();
        final List<Double> psnr = Collections.synchronizedList(new ArrayList<>());
        volatile boolean measuring;
        private int n;

        @Override
        public void show(Picture p) {
            if (!measuring) {
                return;
            }
            latency.add((System.currentTimeMillis() - p.capturedMs()) * 1_000_000L);
            if (n++ % 5 == 0) {
                psnr.add(TestPattern.check(p).psnr());
            }
        }
    }

    public void run() throws Exception {
        try (Scratch scratch = new Scratch("call")) {
            run(scratch.dir());
        }
    }

    private void run(Path dir) throws Exception {
        double[] codec = codecAlone();
        double zlibBytes = zlibBytesPerFrame();
        try (Locator locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS), Clock.systemUTC())) {
            HostPort hp = new HostPort("127.0.0.1", locator.address().getPort());
            AppHome home = new AppHome(dir.resolve("home"));
            Messenger.Options opts = Messenger.Options.DEFAULT.withListen("127.0.0.1", 0, null);
            Profile ap = home.profile("alice");
            Profile bp = home.profile("bob");
            Ears aliceE = new Ears();
            Ears bobE = new Ears();
            Screen screen = new Screen();
            try (Messenger alice = Messenger.open(ap.dir(), hp, ap.knownLocators().trustFor(hp), Runnable::run, aliceE, opts);
                 Messenger bob = Messenger.open(bp.dir(), hp, bp.knownLocators().trustFor(hp), Runnable::run, bobE, opts)) {
                alice.setDevices(Devices.synthetic());
                bob.setDevices(Devices.synthetic());
                bob.setCallViews(screen, VideoView.NONE);
                alice.register("alice", "password-a");
                bob.register("bob", "password-b");
                alice.login("alice", "password-a");
                bob.login("bob", "password-b");
                alice.locator().call(Command.FRIEND_REQUEST, new FriendRequest("bob", null, null), Map.class);
                bob.locator().call(Command.FRIEND_ACCEPT, new UserRef("alice"), Friend.class);
                until("alice and bob link", 20, () -> alice.linked().contains("bob") && bob.linked().contains("alice"));
                alice.call("bob", true);
                until("bob's app rings", 20, () -> bobE.state() == CallState.RINGING);
                bob.answer(true);
                until("the call is up", 20, () -> aliceE.state() == CallState.ACTIVE && bobE.state() == CallState.ACTIVE);
                Thread.sleep(3000); // warm-up: JIT, first keyframe, jitter buffer settles
                bobE.stats.clear();
                aliceE.stats.clear();
                screen.measuring = true;
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                System.err.printf("bench call: a %d s video call…%n", seconds);
                Thread.sleep(seconds * 1000L);
                double cores = (os.getProcessCpuTime() - cpu0) / (double) (System.nanoTime() - t0);
                screen.measuring = false;
                List<CallStats> b = List.copyOf(bobE.stats);
                List<CallStats> a = List.copyOf(aliceE.stats);
                alice.hangup();
                until("the call ends", 20, () -> bobE.state() == CallState.ENDED);

                double fps = median(b.stream().map(s -> s.videoIn().fps()).toList());
                double fpsAlice = median(a.stream().map(s -> s.videoIn().fps()).toList());
                double kbps = mean(b.stream().map(s -> s.videoIn().kbps()).toList());
                double bytesPerFrame = kbps * 1000 / 8 / fps;
                new JsonLine("call", "video").put("seconds", seconds).put("width", 640).put("height", 480)
                        .put("received_fps_median", fps).put("received_fps_min", min(b.stream().map(s -> s.videoIn().fps()).toList()))
                        .put("latency_p50_ms", screen.latency.percentileMs(50)).put("latency_p95_ms", screen.latency.percentileMs(95))
                        .put("codec_alone_p50_ms", codec[0]).put("codec_alone_p95_ms", codec[1])
                        .put("bitrate_kbps_mean", kbps).put("target_kbps", Messenger.MAX_VIDEO_BPS / 1000)
                        .put("bitrate_vs_target", kbps / (Messenger.MAX_VIDEO_BPS / 1000.0))
                        .put("psnr_db_median", median(screen.psnr)).put("psnr_db_min", min(screen.psnr))
                        .put("loss_pct_max", max(b.stream().map(s -> s.videoIn().lossPct()).toList()))
                        .put("goal_fps", 29).put("goal_latency_p95_ms", 100).put("goal_psnr_db", 35).print();
                new JsonLine("call", "video_size_vs_reference").put("vp8_bytes_per_frame", bytesPerFrame)
                        .put("zlib_raw_bytes_per_frame", zlibBytes).put("ratio", zlibBytes / bytesPerFrame)
                        .put("what", "the reference design's zlib-compressed raw RGB frames of the same pattern").print();
                new JsonLine("call", "audio").put("seconds", seconds)
                        .put("latency_p50_ms_median", median(b.stream().map(s -> s.audioIn().latencyP50()).toList()))
                        .put("latency_p95_ms_median", median(b.stream().map(s -> s.audioIn().latencyP95()).toList()))
                        .put("latency_p95_ms_max", max(b.stream().map(s -> s.audioIn().latencyP95()).toList()))
                        .put("frames_per_s_median", median(b.stream().map(s -> s.audioIn().fps()).toList()))
                        .put("rtt_ms_median", median(b.stream().map(CallStats::rttMs).toList()))
                        .put("goal_latency_p95_ms", 150).print();
                new JsonLine("call", "cpu").put("both_ends_in_one_process", true).put("cores_used", cores)
                        .put("cores", Runtime.getRuntime().availableProcessors())
                        .put("bob_received_fps_median", fps).put("alice_received_fps_median", fpsAlice)
                        .put("goal_fps_each", 30).print();
            }
        }
        EchoMeasure.Result echo = EchoMeasure.run(60, 10, false);
        EchoMeasure.Result both = EchoMeasure.run(100, 6, true);
        new JsonLine("call", "echo_cancellation").put("echo_delay_ms", 60).put("echo_loss_db", 10)
                .put("erle_db", echo.erle()).put("lag_found_ms", echo.lag() / 48.0)
                .put("double_talk_erle_db", both.erle()).put("double_talk_near_kept_db", both.nearKeptDb())
                .put("goal_erle_db", 20).print();
    }

    /** Encode + decode of one picture with no network: what a call's latency cannot go below. */
    private static double[] codecAlone() throws Exception {
        Samples s = new Samples();
        try (Vp8Encoder enc = new Vp8Encoder(640, 480, 30, Messenger.MAX_VIDEO_BPS); Vp8Decoder dec = new Vp8Decoder()) {
            for (int i = 0; i < 300; i++) {
                Picture p = Picture.blank(640, 480, 0);
                TestPattern.draw(p, i, 0);
                long t = System.nanoTime();
                for (Encoded e : enc.encode(p, i == 0)) {
                    dec.decode(e.data(), 0);
                }
                if (i >= 30) {
                    s.add(System.nanoTime() - t);
                }
            }
        }
        return new double[] {s.percentileMs(50), s.percentileMs(95)};
    }

    /** The reference design sent each raw RGB picture zlib-compressed. */
    private static double zlibBytesPerFrame() {
        long total = 0;
        int n = 30;
        byte[] out = new byte[640 * 480 * 3 + 1024];
        for (int i = 0; i < n; i++) {
            Picture p = Picture.blank(640, 480, 0);
            TestPattern.draw(p, i * 7L, 0);
            int[] argb = Rgb.toArgb(p);
            byte[] rgb = new byte[argb.length * 3];
            for (int k = 0; k < argb.length; k++) {
                rgb[3 * k] = (byte) (argb[k] >> 16);
                rgb[3 * k + 1] = (byte) (argb[k] >> 8);
                rgb[3 * k + 2] = (byte) argb[k];
            }
            Deflater d = new Deflater();
            d.setInput(rgb);
            d.finish();
            while (!d.finished()) {
                total += d.deflate(out);
            }
            d.end();
        }
        return total / (double) n;
    }

    private static void until(String what, int seconds, BooleanSupplier ok) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("bench call: gave up waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<Double> finite(List<Double> v) {
        return v.stream().filter(d -> d != null && !d.isNaN()).sorted().toList();
    }

    private static double median(List<Double> v) {
        List<Double> f = finite(v);
        return f.isEmpty() ? Double.NaN : f.get(f.size() / 2);
    }

    private static double min(List<Double> v) {
        List<Double> f = finite(v);
        return f.isEmpty() ? Double.NaN : f.getFirst();
    }

    private static double max(List<Double> v) {
        List<Double> f = finite(v);
        return f.isEmpty() ? Double.NaN : f.getLast();
    }

    private static double mean(List<Double> v) {
        return finite(v).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
