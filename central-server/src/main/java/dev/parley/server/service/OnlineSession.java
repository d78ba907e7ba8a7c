package dev.parley.server.service;

import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import java.util.Objects;

/** A logged-in user: on which connection, where they take direct links, and their status. */
public final class OnlineSession {
    private final String username;
    private final Peer peer;
    private final String tokenHash;
    private final String host;
    private final int port;
    private final String fingerprint;
    private volatile Presence status;
    /** The LOOKUP answer, encoded on the first lookup: the same bytes for every friend who asks. */
    private volatile Payloads.Encoded address;

    public OnlineSession(String username, Peer peer, String tokenHash, String host, int port, String fingerprint,
                         Presence status) {
        this.username = Objects.requireNonNull(username, "username");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.tokenHash = tokenHash;
        this.host = host;
        this.port = port;
        this.fingerprint = fingerprint;
        this.status = status;
    }

    public String username() {
        return username;
    }

    public Peer peer() {
        return peer;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public Presence status() {
        return status;
    }

    /** Where to reach this user, as the payload of a LOOKUP answer. */
    public Payloads.Encoded address(Payloads payloads) {
        Payloads.Encoded a = address;
        if (a == null) {
            a = new Payloads.Encoded(payloads.encode(new Address(username, host, port, fingerprint)));
            address = a;
        }
        return a;
    }

    void status(Presence status) {
        this.status = status;
    }
}
