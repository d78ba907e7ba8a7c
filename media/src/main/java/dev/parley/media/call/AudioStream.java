package dev.parley.media.call;

import dev.parley.media.MediaException;
import dev.parley.media.audio.AudioChunk;
import dev.parley.media.audio.AudioSink;
import dev.parley.media.audio.AudioSource;
import dev.parley.media.audio.EchoCanceller;
import dev.parley.media.audio.JitterBuffer;
import dev.parley.media.audio.NoiseGate;
import dev.parley.media.audio.OpusDecoder;
import dev.parley.media.audio.OpusEncoder;
import dev.parley.media.audio.Sound;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.Header;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's sound, both ways on one connection. Capture thread: microphone → echo canceller →
 * noise gate → Opus → socket, every 20 ms (silence while muted, so the stream never stops and a
 * silent connection means a lost one). Receive thread: socket → jitter buffer. Playout thread:
 * every 20 ms one frame from the jitter buffer → Opus → speaker, and the same frame to the echo
 * canceller as what the room will echo. PING/PONG on this connection measure the round trip.
 */
final class AudioStream {

    private static final Logger log = LoggerFactory.getLogger(AudioStream.class);
    static final int BITRATE = 32_000;

    private final Channel channel;
    private final AudioSource microphone;
    private final AudioSink speaker;
    private final Consumer<String> failed;
    private final EchoCanceller canceller = new EchoCanceller();
    private final NoiseGate gate = new NoiseGate();
    private final JitterBuffer jitter = new JitterBuffer();
    private final Counter received = new Counter();
    private final Window rtt = new Window();
    private final String tag;
    private volatile boolean muted;
    private volatile boolean closed;
    private volatile double lastRtt = Double.NaN;
    private Thread capture;
    private Thread receiver;
    private Thread playout;

    AudioStream(String tag, Channel channel, AudioSource microphone, AudioSink speaker, Consumer<String> failed) {
        this.tag = tag;
        this.channel = channel;
        this.microphone = microphone;
        this.speaker = speaker;
        this.failed = failed;
    }

    void start() {
        capture = Thread.ofPlatform().daemon().name("call-audio-capture-" + tag).priority(Thread.MAX_PRIORITY)
                .start(this::captureLoop);
        receiver = Thread.ofPlatform().daemon().name("call-audio-receive-" + tag).start(this::receiveLoop);
        playout = Thread.ofPlatform().daemon().name("call-audio-play-" + tag).priority(Thread.MAX_PRIORITY)
                .start(this::playLoop);
    }

    void muted(boolean m) {
        muted = m;
    }

    boolean muted() {
        return muted;
    }

    EchoCanceller canceller() {
        return canceller;
    }

    StreamStats receivedStats() {
        return received.drain();
    }

    double rttMs() {
        double[] q = rtt.drain(0.5);
        if (!Double.isNaN(q[0])) {
            lastRtt = q[0];
        }
        return lastRtt;
    }

    /** Once a second: a PING whose echo gives the round trip. */
    void tick() {
        try {
            channel.write(Frame.of(new Header(FrameType.PING, null, null, null, null, null, System.nanoTime(), 0,
                    null, null, null, null)));
        } catch (IOException e) {
            fail("the sound connection failed: " + e.getMessage());
        }
    }

    private void captureLoop() {
        long seq = 0;
        try (OpusEncoder enc = new OpusEncoder(BITRATE)) {
            while (!closed) {
                AudioChunk c = microphone.read();
                short[] clean = gate.process(canceller.process(c.pcm()));
                byte[] packet = enc.encode(muted ? new short[Sound.FRAME] : clean);
                if (packet != null) {
                    channel.write(Header.media(FrameType.AUDIO, seq++, c.capturedMs(), 0, false), packet);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (IOException | MediaException e) {
            fail("sending sound failed: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("sound capture", e);
            fail("sound capture stopped: " + e);
        }
    }

    private void receiveLoop() {
        try {
            while (!closed) {
                Frame f = channel.read();
                if (f == null) {
                    fail("the friend closed the sound connection");
                    return;
                }
                Header h = f.header();
                switch (f.type()) {
                    case AUDIO -> {
                        long seq = h.seq() == null ? 0 : h.seq();
                        received.frame(seq, f.payload().length);
                        jitter.put(seq, h.ts() == null ? System.currentTimeMillis() : h.ts(), f.payload(),
                                System.currentTimeMillis());
                    }
                    case PING -> channel.write(Frame.of(new Header(FrameType.PONG, null, null, null, null, null, h.ts(), 0,
                            null, null, null, null)));
                    case PONG -> {
                        if (h.ts() != null) {
                            rtt.add((System.nanoTime() - h.ts()) / 1e6);
                        }
                    }
                    default -> log.debug("ignoring a {} frame on the sound connection", f.type());
                }
            }
        } catch (IOException e) {
            fail("the sound connection failed: " + e.getMessage());
        }
    }

    private void playLoop() {
        short[] last = new short[Sound.FRAME];
        int concealed = 0;
        long start = System.nanoTime();
        long tick = 0;
        try (OpusDecoder dec = new OpusDecoder()) {
            while (!closed) {
                tick++;
                long wait = start + tick * Sound.FRAME_MS * 1_000_000L - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } else if (wait < -200_000_000L) {
                    start = System.nanoTime();
                    tick = 0;
                }
                JitterBuffer.Slot s = jitter.take();
                short[] pcm;
                if (s == null || s.missing()) {
                    // Conceal: fade the last frame out over a few frames, then silence.
                    concealed++;
                    pcm = new short[Sound.FRAME];
                    double g = Math.pow(0.5, concealed);
                    for (int i = 0; i < pcm.length; i++) {
                        pcm[i] = (short) (last[i] * g);
                    }
                } else {
                    concealed = 0;
                    try {
                        pcm = dec.decode(s.payload());
                    } catch (MediaException e) {
                        log.debug("a sound frame did not decode: {}", e.getMessage());
                        pcm = new short[Sound.FRAME];
                    }
                    last = pcm;
                    received.latency(System.currentTimeMillis() - s.capturedMs() + speaker.queuedMs());
                }
                speaker.play(pcm);
                canceller.farEnd(pcm);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (MediaException e) {
            fail("cannot play sound: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("sound playout", e);
            fail("sound playout stopped: " + e);
        }
    }

    private void fail(String why) {
        if (!closed) {
            failed.accept(why);
        }
    }

    void close() {
        closed = true;
        microphone.close();
        if (capture != null) {
            capture.interrupt();
            receiver.interrupt();
            playout.interrupt();
        }
        speaker.close();
    }
}
