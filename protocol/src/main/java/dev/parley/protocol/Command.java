package dev.parley.protocol;

import java.util.Optional;

/** The {@code command} of a COMMAND frame (and echoed in OK/ERROR replies). Written as its name. */
public enum Command {
    // client -> locator
    REGISTER, LOGIN, RESUME, LOGOUT, HEARTBEAT, PRESENCE,
    FRIEND_REQUEST, FRIEND_ACCEPT, FRIEND_REJECT, FRIEND_REMOVE, FRIENDS, LOOKUP,
    // locator -> client (pushed events; PRESENCE and FRIEND_* are pushed too)
    SESSION_REPLACED,
    // client <-> client
    CONNECT, DISCONNECT,
    // client <-> client, on a direct link: file transfers (payloads in peer.PeerMessages)
    FILE_OFFER, FILE_STATE,
    // client <-> client: call signalling on the direct link, receiver reports on a call's media connections
    CALL, MEDIA_REPORT;

    /** The command written as {@code name}, or empty for one this version does not know. */
    public static Optional<Command> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Command c : values()) {
            if (c.name().equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
