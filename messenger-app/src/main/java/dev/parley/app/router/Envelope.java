package dev.parley.app.router;

import java.util.Objects;

/**
 * One message between workers.
 *
 * @param destination the peer this concerns (the SENDER lane's peer, or the conversation), or null
 * @param command     a short verb naming what to do with {@code data}, for logs and dispatch
 */
public record Envelope(Lane from, Lane to, Kind kind, Object data, String destination, String command) {

    public Envelope {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        if (destination == null) {
            destination = to.peer();
        }
    }

    public static Envelope of(Lane from, Lane to, Kind kind, Object data) {
        return new Envelope(from, to, kind, data, null, null);
    }

    @Override
    public String toString() {
        return from + "->" + to + " " + kind + (command == null ? "" : " " + command)
                + (data == null ? "" : " " + data.getClass().getSimpleName());
    }
}
