package dev.parley.media.call;

import dev.parley.media.MediaException;
import dev.parley.media.video.Encoded;
import dev.parley.media.video.Picture;
import dev.parley.media.video.VideoSource;
import dev.parley.media.video.VideoView;
import dev.parley.media.video.Vp8Decoder;
import dev.parley.media.video.Vp8Encoder;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.peer.PeerMessages.MediaReport;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's video, both ways on one connection. Capture → encode → send runs on two threads that
 * never queue: a picture captured while the previous one is still being written is skipped before
 * it is encoded (so what arrives always decodes, and the picture stays current), and the rate
 * controller hears of it. The receiving thread decodes every picture, shows it, and reports once a
 * second; a picture that does not decode makes it ask for a keyframe.
 */
final class VideoStream {

    private static final Logger log = LoggerFactory.getLogger(VideoStream.class);
    static final long MIN_BPS = 150_000;

    private final Channel channel;
    private final VideoSource camera;
    private final VideoView remote;
    private final VideoView local;
    private final Consumer<String> failed;
    private final RateController rate;
    private final Payloads payloads = new Payloads();
    private record Outgoing(Encoded picture, long seq) {
    }

    private final ArrayBlockingQueue<Outgoing> outbox = new ArrayBlockingQueue<>(1);
    /** True from handing a picture to the sender until it is written. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Counter sent = new Counter();
    private final Counter received = new Counter();
    private final String tag;
    private volatile boolean cameraOn;
    private volatile boolean keyframeWanted = true;
    private volatile boolean decodeBroken;
    private volatile boolean closed;
    private long seq;
    private double minTransit = Double.MAX_VALUE;
    private final Window transit = new Window();
    private Thread capture;
    private Thread sender;
    private Thread receiver;

    VideoStream(String tag, Channel channel, VideoSource camera, boolean cameraOn, long maxBps, VideoView remote,
                VideoView local, Consumer<String> failed) {
        this.tag = tag;
        this.channel = channel;
        this.camera = camera;
        this.cameraOn = cameraOn;
        this.remote = remote;
        this.local = local;
        this.failed = failed;
        this.rate = new RateController(MIN_BPS, maxBps);
    }

    void start() {
        capture = Thread.ofPlatform().daemon().name("call-video-capture-" + tag).start(this::captureLoop);
        sender = Thread.ofPlatform().daemon().name("call-video-send-" + tag).start(this::sendLoop);
        receiver = Thread.ofPlatform().daemon().name("call-video-receive-" + tag).start(this::receiveLoop);
    }

    void cameraOn(boolean on) {
        if (on && !cameraOn) {
            keyframeWanted = true;
        }
        cameraOn = on;
    }

    boolean cameraOn() {
        return cameraOn;
    }

    long targetBps() {
        return rate.target();
    }

    StreamStats sentStats() {
        return sent.drain();
    }

    StreamStats receivedStats() {
        return received.drain();
    }

    /** Once a second: adapt the bitrate, tell the sender how reception went. */
    void tick() {
        rate.tick();
        double[] q = transit.drain(0.5);
        double delay = Double.isNaN(q[0]) ? 0 : q[0] - minTransit;
        try {
            MediaReport r = new MediaReport(received.framesSoFar(), 0, 0, delay, decodeBroken);
            channel.write(payloads.frame(Header.command(Command.MEDIA_REPORT, null, 0), r));
            decodeBroken = false;
        } catch (IOException e) {
            fail("sending a video report failed: " + e.getMessage());
        }
    }

    private void captureLoop() {
        Vp8Encoder enc = null;
        try {
            while (!closed) {
                Picture p = camera.capture();
                if (!cameraOn) {
                    continue;
                }
                local.show(p);
                if (enc == null || enc.width() != p.width() || enc.height() != p.height()) {
                    if (enc != null) {
                        enc.close();
                    }
                    enc = new Vp8Encoder(p.width(), p.height(), 30, rate.target());
                    keyframeWanted = true;
                }
                long n = seq++;
                if (busy.get()) {
                    rate.skipped();
                    continue;
                }
                long target = rate.target();
                if (Math.abs(target - enc.bitrate()) > enc.bitrate() / 10) {
                    enc.bitrate(target);
                    keyframeWanted = true;
                }
                boolean key = keyframeWanted;
                keyframeWanted = false;
                for (Encoded e : enc.encode(p, key)) {
                    busy.set(true);
                    outbox.put(new Outgoing(e, n));
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException | MediaException e) {
            fail("video capture stopped: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("video capture", e);
            fail("video capture stopped: " + e);
        } finally {
            if (enc != null) {
                enc.close();
            }
        }
    }

    private void sendLoop() {
        try {
            while (!closed) {
                Outgoing o = outbox.take();
                Encoded e = o.picture();
                channel.write(Header.media(FrameType.VIDEO, o.seq(), e.capturedMs(), 0, e.keyframe()), e.data());
                sent.frame(o.seq(), e.data().length);
                busy.set(false);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException e) {
            fail("sending video failed: " + e.getMessage());
        }
    }

    private void receiveLoop() {
        try (Vp8Decoder decoder = new Vp8Decoder()) {
            while (!closed) {
                Frame f = channel.read();
                if (f == null) {
                    fail("the friend closed the video connection");
                    return;
                }
                switch (f.type()) {
                    case VIDEO -> picture(decoder, f);
                    case COMMAND -> report(f);
                    default -> log.debug("ignoring a {} frame on the video connection", f.type());
                }
            }
        } catch (IOException e) {
            fail("the video connection failed: " + e.getMessage());
        } catch (MediaException e) {
            fail("cannot decode video: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("video receiving", e);
            fail("receiving video stopped: " + e);
        }
    }

    private void picture(Vp8Decoder decoder, Frame f) {
        Header h = f.header();
        long now = System.currentTimeMillis();
        long captured = h.ts() == null ? now : h.ts();
        received.frame(h.seq() == null ? 0 : h.seq(), f.payload().length);
        double t = now - captured;
        synchronized (transit) {
            minTransit = Math.min(minTransit, t);
        }
        transit.add(t);
        try {
            Picture p = decoder.decode(f.payload(), captured);
            if (p != null) {
                received.latency(System.currentTimeMillis() - captured);
                remote.show(p);
            }
        } catch (MediaException e) {
            log.debug("a picture did not decode: {}", e.getMessage());
            decodeBroken = true;
        }
    }

    private void report(Frame f) {
        if (f.command() != Command.MEDIA_REPORT) {
            return;
        }
        try {
            MediaReport r = payloads.decode(f, MediaReport.class);
            rate.delay(r.delayMs());
            if (r.keyframe()) {
                keyframeWanted = true;
            }
        } catch (ProtocolException e) {
            log.debug("unreadable video report: {}", e.getMessage());
        }
    }

    private void fail(String why) {
        if (!closed) {
            failed.accept(why);
        }
    }

    void close() {
        closed = true;
        camera.close();
        if (capture != null) {
            capture.interrupt();
            sender.interrupt();
            receiver.interrupt();
        }
    }
}
