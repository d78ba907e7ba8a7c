package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.call.Call;
import dev.parley.app.call.CallState;
import dev.parley.media.Devices;
import dev.parley.media.video.Picture;
import dev.parley.media.video.TestPattern;
import dev.parley.media.video.VideoView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls between real clients on 127.0.0.1 (TLS links and media connections) with synthetic devices. */
class CallTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    ChatFixture fx;
    ChatFixture.Client alice;
    ChatFixture.Client bob;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatFixture(dir);
        alice = fx.user("alice");
        bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        alice.messenger.setDevices(Devices.synthetic());
        bob.messenger.setDevices(Devices.synthetic());
        await("linked", WAIT, () -> alice.messenger.linked().contains("bob") && bob.messenger.linked().contains("alice"));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    static CallState state(ChatFixture.Client c) {
        Call call = c.events.lastCall();
        return call == null ? null : call.state();
    }

    /** Rings bob from alice and waits until bob's app rings. */
    private void ring(boolean video) throws InterruptedException {
        alice.messenger.call("bob", video);
        await("bob's app rings", WAIT, () -> state(bob) == CallState.RINGING && !bob.events.lastCall().outgoing());
        await("alice hears it ring", WAIT, () -> state(alice) == CallState.RINGING);
        assertThat(bob.events.lastCall().peer()).isEqualTo("alice");
        assertThat(bob.events.lastCall().video()).isEqualTo(video);
    }

    private void awaitActive() throws InterruptedException {
        await("active on both sides", WAIT, () -> state(alice) == CallState.ACTIVE && state(bob) == CallState.ACTIVE);
    }

    /** What bob sees of alice: the test pattern's frame numbers, in the order shown, and a few PSNRs. */
    static final class Screen implements VideoView {
        final List<Long> counters = Collections.synchronizedList(new ArrayList<>());
        final List<Double> psnr = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void show(Picture p) {
            TestPattern.Stamp s = TestPattern.read(p);
            counters.add(s.counter());
            if (counters.size() % 15 == 0) {
                psnr.add(TestPattern.check(p).psnr());
            }
        }
    }

    @Test
    void aVideoCallShowsTheFriendsPictureInOrderAndEitherSideCanHangUp() throws Exception {
        Screen atBob = new Screen();
        bob.messenger.setCallViews(atBob, VideoView.NONE);
        ring(true);
        bob.messenger.answer(true);
        awaitActive();
        Thread.sleep(3000);
        var stats = bob.events.lastCallStats;
        assertThat(stats).isNotNull();
        assertThat(stats.videoIn().fps()).as("pictures per second at bob").isGreaterThan(20);
        assertThat(stats.audioIn().fps()).as("sound frames per second at bob").isGreaterThan(40);
        assertThat(stats.camera()).startsWith("test pattern");
        List<Long> seen = List.copyOf(atBob.counters);
        assertThat(seen).hasSizeGreaterThan(60);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("frame %d shown after %d", seen.get(i), seen.get(i - 1)).isGreaterThan(seen.get(i - 1));
        }
        assertThat(atBob.psnr).allSatisfy(db -> assertThat(db).as("PSNR of what bob sees").isGreaterThan(30));
        alice.messenger.hangup();
        await("ended on both sides", WAIT, () -> state(alice) == CallState.ENDED && state(bob) == CallState.ENDED);
        assertThat(alice.events.lastCall().reason()).isEqualTo("you hung up");
        assertThat(bob.events.lastCall().reason()).isEqualTo("alice hung up");
    }

    @Test
    void aVoiceCallCarriesSoundOnlyAndTheCalleeCanHangUp() throws Exception {
        ring(false);
        bob.messenger.answer(false);
        awaitActive();
        await("sound and stats arrive", WAIT, () -> alice.events.lastCallStats != null
                && alice.events.lastCallStats.audioIn().fps() > 40);
        assertThat(alice.events.lastCallStats.videoIn().fps()).as("no video in a voice call").isZero();
        assertThat(alice.events.lastCallStats.audioIn().latencyP50()).as("capture to playout, ms").isLessThan(150);
        bob.messenger.hangup();
        await("ended on both sides", WAIT, () -> state(alice) == CallState.ENDED && state(bob) == CallState.ENDED);
        assertThat(alice.events.lastCall().reason()).isEqualTo("bob hung up");
    }

    @Test
    void aRejectedCallIsToldToTheCaller() throws Exception {
        ring(true);
        bob.messenger.rejectCall();
        // bob's own event comes through his UI lane, not necessarily before alice hears
        await("alice hears no, bob's call ends", WAIT, () -> state(alice) == CallState.ENDED && state(bob) == CallState.ENDED);
        assertThat(alice.events.lastCall().reason()).isEqualTo("bob rejected the call");
        assertThat(bob.events.lastCall().reason()).isEqualTo("you rejected the call");
    }

    @Test
    void aThirdCallerHearsBusy() throws Exception {
        ChatFixture.Client carol = fx.user("carol");
        carol.messenger.setDevices(Devices.synthetic());
        ChatFixture.befriend(carol, bob);
        await("carol linked", WAIT, () -> carol.messenger.linked().contains("bob"));
        ring(false);
        bob.messenger.answer(false);
        awaitActive();
        String first = alice.events.lastCall().id();
        carol.messenger.call("bob", false);
        await("carol hears busy", WAIT, () -> state(carol) == CallState.ENDED);
        assertThat(carol.events.lastCall().reason()).isEqualTo("bob is in another call");
        assertThat(bob.events.lastCall().reason()).as("bob is told").isEqualTo("missed while you were in another call");
        assertThat(state(alice)).as("the call in progress goes on").isEqualTo(CallState.ACTIVE);
        assertThat(bob.events.calls.get(first).state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void anUnansweredCallStopsRingingAfterThirtySeconds() throws Exception {
        long t0 = System.nanoTime();
        ring(false);
        await("gave up", Duration.ofSeconds(45), () -> state(alice) == CallState.ENDED && state(bob) == CallState.ENDED);
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(29.0, 40.0);
        assertThat(alice.events.lastCall().reason()).isEqualTo("bob did not answer");
        assertThat(bob.events.lastCall().reason()).isEqualTo("missed call from alice");
    }

    @Test
    void callingWhileInACallOrCallingAnOfflineFriendIsRefusedInWords() throws Exception {
        bob.close();
        await("bob gone", WAIT, () -> !alice.messenger.linked().contains("bob"));
        alice.messenger.call("bob", true);
        await("refused", WAIT, () -> state(alice) == CallState.ENDED);
        assertThat(alice.events.lastCall().reason()).isEqualTo("bob is not online, so they cannot be called now");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> alice.messenger.call("alice", false))
                .hasMessage("you cannot call yourself");
    }

    /** Bob's app freezes (SIGSTOP: sockets stay open, nothing answers, like a pulled cable). */
    @Test
    void aCutLinkEndsTheCallOnBothSidesWithinFiveSecondsAndSaysWhy() throws Exception {
        bob.close();
        await("bob gone", WAIT, () -> !alice.messenger.linked().contains("bob"));
        try (CliProcess bobCli = new CliProcess(dir, "bob", fx.server, "bob-cli.log",
                "--camera", "synthetic", "--microphone", "synthetic", "--speaker", "synthetic")) {
            bobCli.type("/login bob password-bob");
            await("linked", WAIT, () -> alice.messenger.linked().contains("bob"));
            alice.messenger.call("bob", true);
            bobCli.awaitLine("\"event\":\"call-incoming\"", "alice");
            bobCli.type("/answer");
            await("active", WAIT, () -> state(alice) == CallState.ACTIVE);
            bobCli.awaitLine("\"event\":\"call-stats\"");
            bobCli.signal("STOP");
            long cut = System.nanoTime();
            await("alice's side ends", Duration.ofSeconds(10), () -> state(alice) == CallState.ENDED);
            double seconds = (System.nanoTime() - cut) / 1e9;
            assertThat(seconds).as("seconds from the cut to the end").isLessThan(5);
            assertThat(alice.events.lastCall().reason()).startsWith("the connection to bob was lost");
            bobCli.signal("CONT");
            String ended = bobCli.awaitLine("\"event\":\"call-state\"", "\"state\":\"ended\"");
            assertThat(ended).contains("the connection to alice was lost");
        }
    }
}
