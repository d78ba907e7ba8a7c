package dev.parley.app.cli;

import dev.parley.app.call.Call;
import dev.parley.app.call.CallState;
import dev.parley.app.core.Messenger;
import dev.parley.media.call.CallStats;
import dev.parley.media.call.StreamStats;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/** The terminal client's call commands and the events they lead to. */
final class CallCommands {

    static final String HELP = """
              /call USER [--video]  ring USER (voice; --video for voice and video)
              /answer [--no-video]  pick up the ringing call (--no-video: do not send yours)
              /reject               turn the ringing call down
              /hangup               end the call (or stop ringing)
              /mute, /unmute        your microphone
              /camera on|off        your camera""";

    private final EventPrinter out;
    private final boolean everySecond;
    private final Supplier<Messenger> messenger;
    private long lastStats;

    CallCommands(EventPrinter out, boolean everySecond, Supplier<Messenger> messenger) {
        this.out = Objects.requireNonNull(out, "out");
        this.everySecond = everySecond;
        this.messenger = messenger;
    }

    /** Runs {@code cmd} if it is a call command; false if it is not one. */
    boolean execute(String cmd, String[] p) {
        Messenger m = messenger.get();
        switch (cmd) {
            case "/call" -> {
                if (p.length < 2) {
                    throw new IllegalArgumentException("usage: /call USER [--video]");
                }
                boolean video = p.length > 2 && p[2].strip().equals("--video");
                if (p.length > 2 && !video) {
                    throw new IllegalArgumentException("unknown option " + p[2] + "; usage: /call USER [--video]");
                }
                m.call(p[1], video);
            }
            case "/answer" -> {
                boolean noVideo = p.length > 1 && p[1].equals("--no-video");
                if (p.length > 1 && !noVideo) {
                    throw new IllegalArgumentException("unknown option " + p[1] + "; usage: /answer [--no-video]");
                }
                m.answer(!noVideo);
            }
            case "/hangup" -> m.hangup();
            case "/mute", "/unmute" -> {
                m.muteMicrophone(cmd.equals("/mute"));
                out.event("call-mute", cmd.equals("/mute") ? "your microphone is off" : "your microphone is on",
                        "muted", cmd.equals("/mute"));
            }
            case "/camera" -> {
                if (p.length < 2 || !(p[1].equals("on") || p[1].equals("off"))) {
                    throw new IllegalArgumentException("usage: /camera on|off");
                }
                m.camera(p[1].equals("on"));
                out.event("call-camera", "your camera is " + p[1], "on", p[1].equals("on"));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    void changed(Call c) {
        String state = c.state().name().toLowerCase(Locale.ROOT);
        if (!c.outgoing() && c.state() == CallState.RINGING) {
            out.event("call-incoming", c.peer() + " is calling you (" + c.kind() + ") — /answer, /answer --no-video or /reject",
                    "id", c.id(), "user", c.peer(), "video", c.video());
        }
        String text = switch (c.state()) {
            case CALLING -> "calling " + c.peer() + "…";
            case RINGING -> c.outgoing() ? c.peer() + "'s phone is ringing" : "ringing";
            case CONNECTING -> "connecting the call with " + c.peer() + "…";
            case ACTIVE -> "in a " + c.kind() + " call with " + c.peer() + " — /hangup to end it";
            case ENDED -> "call ended: " + c.reason();
        };
        out.event("call-state", text, "id", c.id(), "user", c.peer(), "state", state, "direction",
                c.outgoing() ? "out" : "in", "video", c.video(), "reason", c.reason());
    }

    void stats(Call c, CallStats s) {
        long now = System.currentTimeMillis();
        if (!everySecond && now - lastStats < 10_000) {
            return;
        }
        lastStats = now;
        StreamStats v = s.videoIn();
        StreamStats a = s.audioIn();
        String text = String.format(Locale.ROOT, "call with %s: video %.0f fps %.0f kbit/s, sound %.0f ms, round trip %.0f ms, loss %.1f%%",
                c.peer(), v.fps(), v.kbps(), a.latencyP50(), s.rttMs(), Math.max(v.lossPct(), a.lossPct()));
        out.event("call-stats", text, "id", c.id(), "user", c.peer(),
                "fps", round(v.fps()), "bitrateKbps", round(v.kbps()), "sentFps", round(s.videoOut().fps()),
                "sentKbps", round(s.videoOut().kbps()), "targetKbps", round(s.targetKbps()),
                "latencyMs", round(v.latencyP50()), "audioLatencyMs", round(a.latencyP50()), "rttMs", round(s.rttMs()),
                "lossPct", round(Math.max(v.lossPct(), a.lossPct())), "camera", s.camera(), "microphone", s.microphone());
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }
}
