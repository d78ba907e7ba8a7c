package dev.parley.app.call;

import dev.parley.app.core.UiEvent;
import dev.parley.app.peer.Authenticated;
import dev.parley.app.peer.Handshake;
import dev.parley.app.peer.SenderRequest;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.app.router.Worker;
import dev.parley.media.Devices;
import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import dev.parley.media.call.CallMedia;
import dev.parley.media.call.CallStats;
import dev.parley.media.call.Channel;
import dev.parley.media.video.VideoView;
import dev.parley.protocol.Command;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.peer.PeerMessages;
import dev.parley.protocol.peer.PeerMessages.CallSignal;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MEDIA lane: one call at a time. Signalling goes as CALL frames on the friend's link
 * (INVITE → RINGING → ACCEPT / REJECT / BUSY → HANGUP); after ACCEPT the callee dials two
 * connections of their own (purpose "audio" and "video"; the first frame of each names the call)
 * and both sides start {@link CallMedia} on them. Unanswered calls end after 30 s; losing the link
 * or a media connection ends the call on both sides with the reason.
 */
public final class CallManager implements Worker {

    private static final Logger log = LoggerFactory.getLogger(CallManager.class);
    public static final long RING_SECONDS = 30;
    private static final long CONNECT_SECONDS = 10;

    /** What the call window shows pictures on; set by the UI, read when a call starts. */
    public record Views(VideoView remote, VideoView local) {
        public static final Views NONE = new Views(VideoView.NONE, VideoView.NONE);
    }

    private final Router router;
    private final Handshake handshake;
    private final Predicate<String> linked;
    private final Supplier<String> me;
    private final ScheduledExecutorService scheduler;
    private final Supplier<Devices> devices;
    private final Supplier<Views> views;
    private final long maxBps;
    private final Payloads payloads = new Payloads();

    private Call call;
    private CallMedia media;
    private Authenticated pendingAudio;
    private Authenticated pendingVideo;
    private boolean muted;
    private volatile CallMedia current;

    public CallManager(Router router, Handshake handshake, Predicate<String> linked, Supplier<String> me,
                       ScheduledExecutorService scheduler, Supplier<Devices> devices, Supplier<Views> views, long maxBps) {
        this.router = router;
        this.handshake = handshake;
        this.linked = linked;
        this.me = me;
        this.scheduler = scheduler;
        this.devices = devices;
        this.views = views;
        this.maxBps = maxBps;
    }

    @Override
    public Lane lane() {
        return Lane.MEDIA;
    }

    /** The running call's media (null when none): tests and benchmarks read its numbers and shape its link. */
    public CallMedia media() {
        return current;
    }

    @Override
    public void handle(Envelope e) {
        switch ((CallRequest) e.data()) {
            case CallRequest.Start s -> start(s.peer(), s.video());
            case CallRequest.Answer a -> answer(a.video());
            case CallRequest.Reject r -> reject();
            case CallRequest.Hangup h -> hangup();
            case CallRequest.Mute m -> {
                muted = m.muted();
                if (media != null) {
                    media.muted(m.muted());
                }
            }
            case CallRequest.Camera c -> {
                if (media != null) {
                    media.cameraOn(c.on());
                    change(call.withVideo(c.on()));
                }
            }
            case CallRequest.Signalled s -> signalled(s.peer(), s.call());
            case CallRequest.LinkDown d -> {
                if (call != null && call.peer().equals(d.peer()) && call.state() != CallState.ACTIVE) {
                    end("the connection to " + d.peer() + " was lost (" + d.reason() + ")", null);
                }
            }
            case CallRequest.MediaIncoming m -> incoming(m);
            case CallRequest.MediaDialled d -> dialled(d);
            case CallRequest.Ended en -> {
                if (call != null && call.id().equals(en.callId())) {
                    end(en.why(), en.why());
                }
            }
            case CallRequest.Timeout t -> timeout(t);
            case CallRequest.Tick t -> tick();
        }
    }

    private void start(String peer, boolean video) {
        if (call != null) {
            problem("you are already in a call with " + call.peer());
            return;
        }
        if (!linked.test(peer)) {
            change(new Call(UUID.randomUUID().toString(), peer, true, video, CallState.ENDED, 0,
                    peer + " is not online, so they cannot be called now"));
            return;
        }
        muted = false;
        call = new Call(UUID.randomUUID().toString(), peer, true, video, CallState.CALLING, 0, null);
        signal(CallSignal.INVITE, video, null);
        warmUp();
        change(call);
        after(RING_SECONDS, CallState.RINGING);
    }

    private void answer(boolean video) {
        if (call == null || call.outgoing() || call.state() != CallState.RINGING) {
            problem("there is no call to answer");
            return;
        }
        call = call.withVideo(video);
        signal(CallSignal.ACCEPT, video, null);
        change(call.with(CallState.CONNECTING, null));
        after(CONNECT_SECONDS, CallState.CONNECTING);
        Call c = call;
        Thread.ofVirtual().name("call-dial-" + c.peer()).start(() -> {
            Authenticated audio = null;
            try {
                audio = open(c, PeerMessages.PURPOSE_AUDIO, FrameType.AUDIO);
                Authenticated vid = open(c, PeerMessages.PURPOSE_VIDEO, FrameType.VIDEO);
                toLane(new CallRequest.MediaDialled(c.id(), audio, vid));
            } catch (IOException | RuntimeException ex) {
                closeQuietly(audio);
                toLane(new CallRequest.Ended(c.id(), "could not open the call's connections to " + c.peer() + ": "
                        + ex.getMessage()));
            }
        });
    }

    private Authenticated open(Call c, String purpose, FrameType type) throws IOException {
        Authenticated a = handshake.dial(c.peer(), purpose);
        FrameWriter w = new FrameWriter(a.socket().getOutputStream());
        w.write(dev.parley.protocol.Frame.of(new Header(type, null, c.id(), null, null, null, null, 0, null, null, null,
                null)));
        w.flush();
        return a;
    }

    private void reject() {
        if (call == null || call.outgoing() || call.state() != CallState.RINGING) {
            problem("there is no call to reject");
            return;
        }
        signal(CallSignal.REJECT, false, null);
        end("you rejected the call", null);
    }

    private void hangup() {
        if (call == null) {
            return;
        }
        boolean ringingOut = call.outgoing() && call.state() != CallState.ACTIVE;
        signal(CallSignal.HANGUP, false, ringingOut ? "cancelled" : "hung up");
        end(ringingOut ? "you cancelled the call" : "you hung up", null);
    }

    private void signalled(String peer, PeerMessages.Call c) {
        if (c == null || c.id() == null || c.signal() == null) {
            return;
        }
        if (c.signal() == CallSignal.INVITE) {
            if (call != null) {
                log.info("{} called while in a call with {}: busy", peer, call.peer());
                send(peer, new PeerMessages.Call(c.id(), CallSignal.BUSY, false, "in another call"));
                toUi(new UiEvent.CallChanged(new Call(c.id(), peer, false, c.video(), CallState.ENDED, 0,
                        "missed while you were in another call")));
                return;
            }
            muted = false;
            call = new Call(c.id(), peer, false, c.video(), CallState.RINGING, 0, null);
            signal(CallSignal.RINGING, c.video(), null);
            warmUp();
            change(call);
            after(RING_SECONDS + 5, CallState.RINGING);
            return;
        }
        if (call == null || !call.id().equals(c.id()) || !call.peer().equals(peer)) {
            log.debug("{} sent {} for a call that is not running here", peer, c.signal());
            return;
        }
        switch (c.signal()) {
            case RINGING -> {
                if (call.state() == CallState.CALLING) {
                    change(call.with(CallState.RINGING, null));
                }
            }
            case ACCEPT -> {
                if (call.outgoing() && call.state().live() && call.state() != CallState.ACTIVE) {
                    change(call.with(CallState.CONNECTING, null));
                    after(CONNECT_SECONDS, CallState.CONNECTING);
                    startIfReady();
                }
            }
            case REJECT -> end(peer + " rejected the call", null);
            case BUSY -> end(peer + " is in another call", null);
            case HANGUP -> end(hangupReason(peer, c.reason()), null);
            case INVITE -> {
                // handled above
            }
        }
    }

    private String hangupReason(String peer, String why) {
        if (call != null && !call.outgoing() && call.state() == CallState.RINGING) {
            return "no answer".equals(why) ? "missed call from " + peer : peer + " cancelled the call";
        }
        return why == null || why.equals("hung up") ? peer + " hung up" : peer + " ended the call: " + why;
    }

    private void incoming(CallRequest.MediaIncoming m) {
        Authenticated c = m.connection();
        if (call == null || !call.id().equals(m.callId()) || !call.peer().equals(c.peer()) || !call.outgoing()) {
            log.warn("{} opened a media connection for call {} which is not theirs or not running", c.peer(), m.callId());
            closeQuietly(c);
            return;
        }
        if (PeerMessages.PURPOSE_AUDIO.equals(c.purpose())) {
            closeQuietly(pendingAudio);
            pendingAudio = c;
        } else {
            closeQuietly(pendingVideo);
            pendingVideo = c;
        }
        startIfReady();
    }

    private void dialled(CallRequest.MediaDialled d) {
        if (call == null || !call.id().equals(d.callId()) || call.state() != CallState.CONNECTING) {
            closeQuietly(d.audio());
            closeQuietly(d.video());
            return;
        }
        pendingAudio = d.audio();
        pendingVideo = d.video();
        startIfReady();
    }

    /** Both connections are here and the callee has accepted: start the media. */
    private void startIfReady() {
        if (call == null || call.state() != CallState.CONNECTING || pendingAudio == null || pendingVideo == null) {
            return;
        }
        Call c = call;
        Views v = views.get();
        try {
            media = new CallMedia(c.peer(), channel(pendingAudio), channel(pendingVideo),
                    devices.get().open(pitchFor(me.get())), c.video(), maxBps, v.remote(), v.local(),
                    // Told a moment later: when the friend hangs up, their HANGUP should win over the
                    // closed connection it causes.
                    why -> scheduler.schedule(() -> toLane(new CallRequest.Ended(c.id(), "the connection to " + c.peer()
                            + " was lost: " + why)), 500, TimeUnit.MILLISECONDS));
        } catch (IOException | MediaException e) {
            end("could not start the call's media: " + e.getMessage(), e.getMessage());
            return;
        }
        pendingAudio = null;
        pendingVideo = null;
        media.muted(muted);
        media.start();
        current = media;
        for (String n : media.notices()) {
            problem(n);
        }
        change(c.with(CallState.ACTIVE, null));
    }

    /** Synthetic voices differ by user so two in one test can be told apart. */
    private static double pitchFor(String user) {
        return 100 + Math.floorMod(user == null ? 0 : user.hashCode(), 120);
    }

    private static Channel channel(Authenticated a) throws IOException {
        return new Channel(a.socket(), a.reader());
    }

    private void timeout(CallRequest.Timeout t) {
        if (call == null || !call.id().equals(t.callId())) {
            return;
        }
        CallState s = call.state();
        if (t.expected() == CallState.RINGING && (s == CallState.CALLING || s == CallState.RINGING)) {
            if (call.outgoing()) {
                signal(CallSignal.HANGUP, false, "no answer");
                end(call.peer() + " did not answer", null);
            } else {
                end("missed call from " + call.peer(), null);
            }
        } else if (t.expected() == CallState.CONNECTING && s == CallState.CONNECTING) {
            signal(CallSignal.HANGUP, false, "the call's connections did not open");
            end("the call's connections to " + call.peer() + " did not open in time", null);
        }
    }

    private void tick() {
        if (media != null && call != null && call.state() == CallState.ACTIVE) {
            CallStats s = media.stats();
            if (s != null) {
                toUi(new UiEvent.CallStatsChanged(call, s));
            }
        }
    }

    /** Ends the call here; {@code tellPeer} non-null sends a HANGUP with that reason first. */
    private void end(String why, String tellPeer) {
        if (call == null) {
            return;
        }
        if (tellPeer != null) {
            signal(CallSignal.HANGUP, false, tellPeer);
        }
        Call ended = call.with(CallState.ENDED, why);
        call = null;
        current = null;
        if (media != null) {
            media.close();
            media = null;
        }
        closeQuietly(pendingAudio);
        closeQuietly(pendingVideo);
        pendingAudio = null;
        pendingVideo = null;
        log.info("{}", ended);
        toUi(new UiEvent.CallChanged(ended));
    }

    /** Loads the codecs while the phone rings, so picking up does not wait for it. */
    private static void warmUp() {
        Thread.ofVirtual().name("call-codecs-load").start(() -> {
            try {
                Ffmpeg.init();
            } catch (MediaException e) {
                log.warn("{}", e.getMessage());
            }
        });
    }

    private void change(Call c) {
        call = c;
        toUi(new UiEvent.CallChanged(c));
    }

    private void signal(CallSignal s, boolean video, String reason) {
        send(call.peer(), new PeerMessages.Call(call.id(), s, video, reason));
    }

    private void send(String peer, PeerMessages.Call body) {
        var f = payloads.frame(Header.command(Command.CALL, body.id(), 0), body);
        router.send(Envelope.of(Lane.MEDIA, Lane.sender(peer), Kind.COMMAND, new SenderRequest.Control(f)));
    }

    private void after(long seconds, CallState expected) {
        String id = call.id();
        scheduler.schedule(() -> toLane(new CallRequest.Timeout(id, expected)), seconds, TimeUnit.SECONDS);
    }

    private void problem(String text) {
        toUi(new UiEvent.Problem(text));
    }

    private void toUi(UiEvent e) {
        router.send(Envelope.of(Lane.MEDIA, Lane.UI, Kind.COMMAND, e));
    }

    private void toLane(CallRequest r) {
        router.send(Envelope.of(Lane.MEDIA, Lane.MEDIA, r instanceof CallRequest.Tick ? Kind.PROGRESS : Kind.COMMAND, r));
    }

    private static void closeQuietly(Authenticated a) {
        if (a != null) {
            try {
                a.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        if (call != null) {
            hangup();
        }
    }
}
