package dev.parley.app.router;

import java.util.Objects;

/** Where an envelope goes: a role, and for SENDER lanes the peer it talks to. */
public record Lane(Role role, String peer) {

    public static final Lane LOCATOR = new Lane(Role.LOCATOR, null);
    public static final Lane LISTENER = new Lane(Role.LISTENER, null);
    public static final Lane UI = new Lane(Role.UI, null);
    public static final Lane MEDIA = new Lane(Role.MEDIA, null);
    public static final Lane STORE = new Lane(Role.STORE, null);
    public static final Lane TRANSFERS = new Lane(Role.TRANSFERS, null);

    public Lane {
        Objects.requireNonNull(role, "role");
        if ((role == Role.SENDER) != (peer != null)) {
            throw new IllegalArgumentException("a SENDER lane needs a peer, and only a SENDER lane has one");
        }
    }

    public static Lane sender(String peer) {
        return new Lane(Role.SENDER, Objects.requireNonNull(peer, "peer"));
    }

    @Override
    public String toString() {
        return peer == null ? role.name().toLowerCase() : "sender-" + peer;
    }
}
