package dev.parley.app.cli;

import dev.parley.app.core.Messenger;
import dev.parley.app.transfer.Progress;
import dev.parley.app.transfer.Space;
import dev.parley.app.transfer.Transfer;
import dev.parley.app.transfer.TransferState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** The terminal client's file commands and the events they lead to. */
final class FileCommands {

    static final String HELP = """
              /send USER PATH       offer the file at PATH to USER (it waits if they are offline)
              /transfers            every file transfer, with its id and state
              /accept-file ID [DIR] take an offered file (into DIR, default the downloads folder)
              /decline-file ID      turn an offered file down
              /pause ID, /resume ID pause or resume a transfer (either side may)
              /cancel ID            stop a transfer for good (a partial file is deleted)""";

    /** Progress lines for people at most this often per transfer (every tick with --json). */
    private static final long HUMAN_PROGRESS_MS = 2000;

    private final EventPrinter out;
    private final boolean everyTick;
    private final Supplier<Messenger> messenger;
    private final Map<String, Long> lastPrinted = new HashMap<>();

    FileCommands(EventPrinter out, boolean everyTick, Supplier<Messenger> messenger) {
        this.out = Objects.requireNonNull(out, "out");
        this.everyTick = everyTick;
        this.messenger = messenger;
    }

    /** Runs {@code cmd} if it is a file command; false if it is not one. */
    boolean execute(String cmd, String[] p) throws SQLException {
        Messenger m = messenger.get();
        switch (cmd) {
            case "/send" -> {
                need(p, 3, "/send USER PATH");
                Transfer t = m.sendFile(p[1], Path.of(unquote(p[2])));
                out.event("file-queued", "preparing " + t.name() + " (" + Space.human(t.size()) + ") for " + t.peer()
                        + " — transfer " + shortId(t.id()), fields(t));
            }
            case "/transfers" -> {
                List<Transfer> all = m.transfers();
                StringBuilder sb = new StringBuilder(all.isEmpty() ? "no transfers" : all.size() + " transfers:");
                for (Transfer t : all) {
                    sb.append("\n  ").append(shortId(t.id())).append("  ").append(t.outgoing() ? "to " : "from ")
                            .append(t.peer()).append("  ").append(t.name()).append("  ").append(Space.human(t.size()))
                            .append("  ").append(word(t.state()))
                            .append(t.error() == null ? "" : " (" + t.error() + ")");
                }
                out.event("transfers", sb.toString(), "transfers", all.stream().map(FileCommands::map).toList());
            }
            case "/accept-file" -> {
                need(p, 2, "/accept-file ID [DIR]");
                Transfer t = m.acceptFile(m.transfer(p[1]).id(), p.length > 2 ? Path.of(unquote(p[2])) : null);
                out.event("file-accepted", "accepted " + t.name() + "; it goes to "
                        + (p.length > 2 ? Path.of(unquote(p[2])).toAbsolutePath() : m.downloads()), fields(t));
            }
            case "/decline-file" -> {
                need(p, 2, "/decline-file ID");
                m.declineFile(m.transfer(p[1]).id());
            }
            case "/pause" -> {
                need(p, 2, "/pause ID");
                m.pauseFile(m.transfer(p[1]).id());
            }
            case "/resume" -> {
                need(p, 2, "/resume ID");
                m.resumeFile(m.transfer(p[1]).id());
            }
            case "/cancel" -> {
                need(p, 2, "/cancel ID");
                m.cancelFile(m.transfer(p[1]).id());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    void changed(Transfer t) {
        String who = t.outgoing() ? "to " + t.peer() : "from " + t.peer();
        Object[] f = fields(t);
        switch (t.state()) {
            case OFFERED -> {
                if (t.outgoing()) {
                    out.event("file-state", "offered " + t.name() + " to " + t.peer() + "; waiting for them to accept", f);
                } else {
                    out.event("file-offer", t.peer() + " offers " + t.name() + " (" + Space.human(t.size())
                            + (t.mime() == null ? "" : ", " + t.mime()) + ") — /accept-file " + shortId(t.id())
                            + " or /decline-file " + shortId(t.id()), f);
                }
            }
            case DONE -> out.event("file-done", t.outgoing() ? t.name() + " arrived at " + t.peer() + ", verified"
                    : t.name() + " from " + t.peer() + " is saved and verified: " + t.path(), f);
            case FAILED -> out.event("file-failed", t.name() + " " + who + " failed: " + t.error(), f);
            default -> out.event("file-state", t.name() + " " + who + ": " + word(t.state())
                    + (t.error() == null ? "" : " (" + t.error() + ")"), f);
        }
    }

    void progress(Progress p) {
        long now = System.currentTimeMillis();
        if (!everyTick) {
            Long last = lastPrinted.get(p.id());
            if (last != null && now - last < HUMAN_PROGRESS_MS) {
                return;
            }
        }
        lastPrinted.put(p.id(), now);
        long left = p.secondsLeft();
        String text = (p.preparing() ? "preparing " : p.outgoing() ? "sending " : "receiving ") + shortId(p.id()) + ": "
                + Math.round(p.fraction() * 100) + "% of " + Space.human(p.size()) + " at " + Space.human((long) p.bytesPerSecond())
                + "/s" + (left < 0 ? "" : ", " + left + " s left");
        out.event("file-progress", text, "id", p.id(), "user", p.peer(), "direction", p.outgoing() ? "out" : "in",
                "preparing", p.preparing(), "done", p.done(), "size", p.size(), "bytesPerSecond", Math.round(p.bytesPerSecond()),
                "secondsLeft", left);
    }

    private static Object[] fields(Transfer t) {
        return map(t).entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray();
    }

    private static Map<String, Object> map(Transfer t) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", t.id());
        f.put("user", t.peer());
        f.put("direction", t.outgoing() ? "out" : "in");
        f.put("name", t.name());
        f.put("size", t.size());
        f.put("mime", t.mime());
        f.put("sha256", t.sha256());
        f.put("state", word(t.state()));
        f.put("done", t.done());
        f.put("path", t.path() == null ? null : t.path().toString());
        f.put("reason", t.error());
        return f;
    }

    private static String word(TransferState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    private static void need(String[] parts, int n, String usage) {
        if (parts.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
