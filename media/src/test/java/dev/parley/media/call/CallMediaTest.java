package dev.parley.media.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Devices;
import dev.parley.media.video.Picture;
import dev.parley.media.video.TestPattern;
import dev.parley.media.video.VideoView;
import dev.parley.protocol.FrameReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Two ends of a call's media over real loopback sockets (the app adds TLS and signalling on top). */
class CallMediaTest {

    record Pair(Channel a, Channel b) {
    }

    static Pair connect() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept();
                } catch (java.io.IOException e) {
                    throw new RuntimeException(e);
                }
            });
            Socket a = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket b = accepted.get();
            a.setTcpNoDelay(true);
            b.setTcpNoDelay(true);
            return new Pair(new Channel(a, new FrameReader(a.getInputStream())), new Channel(b, new FrameReader(b.getInputStream())));
        }
    }

    /** Checks each picture bob shows: in order, and the pattern alice's camera drew. */
    static final class Checker implements VideoView {
        final List<Long> counters = Collections.synchronizedList(new ArrayList<>());
        final List<Double> psnr = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void show(Picture p) {
            TestPattern.Stamp s = TestPattern.read(p);
            counters.add(s.counter());
            if (counters.size() % 10 == 0) {
                psnr.add(TestPattern.check(p).psnr());
            }
        }
    }

    @Test
    void videoAndSoundFlowBothWaysInOrderAndDecodeToWhatWasSent() throws Exception {
        Pair audio = connect();
        Pair video = connect();
        Checker atBob = new Checker();
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        try (CallMedia alice = new CallMedia("bob", audio.a(), video.a(), Devices.synthetic().open(200), true, 1_000_000,
                VideoView.NONE, VideoView.NONE, ended::add);
             CallMedia bob = new CallMedia("alice", audio.b(), video.b(), Devices.synthetic().open(120), true, 1_000_000,
                     atBob, VideoView.NONE, ended::add)) {
            alice.start();
            bob.start();
            Thread.sleep(4000);
            CallStats s = bob.stats();
            assertThat(s.videoIn().fps()).as("pictures per second at bob").isGreaterThan(25);
            assertThat(s.audioIn().fps()).as("sound frames per second at bob").isGreaterThan(45);
            assertThat(s.audioIn().latencyP50()).as("sound capture to playout, ms").isLessThan(150);
            assertThat(alice.stats().videoIn().fps()).as("and the other way").isGreaterThan(25);
            assertThat(s.rttMs()).isLessThan(50);
            assertThat(s.camera()).startsWith("test pattern");
            assertThat(ended).as("nothing failed during the call").isEmpty();
        }
        List<Long> c = List.copyOf(atBob.counters);
        assertThat(c).hasSizeGreaterThan(90);
        for (int i = 1; i < c.size(); i++) {
            assertThat(c.get(i)).as("picture %d after %d", c.get(i), c.get(i - 1)).isGreaterThan(c.get(i - 1));
        }
        assertThat(atBob.psnr.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isGreaterThan(30);
    }

    @Test
    void theBitrateFollowsASlowLinkDownAndComesBackUpAfterIt() throws Exception {
        Pair audio = connect();
        Pair video = connect();
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        try (CallMedia alice = new CallMedia("bob", audio.a(), video.a(), Devices.synthetic().open(200), true, 1_000_000,
                VideoView.NONE, VideoView.NONE, ended::add);
             CallMedia bob = new CallMedia("alice", audio.b(), video.b(), Devices.synthetic().open(120), false, 1_000_000,
                     VideoView.NONE, VideoView.NONE, ended::add)) {
            alice.start();
            bob.start();
            Thread.sleep(2000);
            alice.limitVideo(350_000);
            Thread.sleep(7000);
            double low = alice.stats().targetKbps();
            assertThat(low).as("target on a 350 kbit/s link").isLessThan(400);
            assertThat(bob.stats().videoIn().fps()).as("pictures still arrive").isGreaterThan(5);
            alice.limitVideo(0);
            long until = System.currentTimeMillis() + 20_000;
            while (alice.stats().targetKbps() < 950 && System.currentTimeMillis() < until) {
                Thread.sleep(500);
            }
            assertThat(alice.stats().targetKbps()).as("back up once the link is fast again").isGreaterThanOrEqualTo(950);
            assertThat(ended).isEmpty();
        }
    }

    @Test
    void aConnectionThatDiesEndsTheCallWithAReason() throws Exception {
        Pair audio = connect();
        Pair video = connect();
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        try (CallMedia alice = new CallMedia("bob", audio.a(), video.a(), Devices.synthetic().open(200), false, 1_000_000,
                VideoView.NONE, VideoView.NONE, ended::add)) {
            alice.start();
            Thread.sleep(500);
            audio.b().close();
            video.b().close();
            long until = System.currentTimeMillis() + 5000;
            while (ended.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertThat(ended).hasSize(1);
            assertThat(ended.getFirst()).containsAnyOf("closed", "failed");
        }
    }
}
