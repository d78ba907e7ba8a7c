package dev.parley.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    private static final Map<String, Command> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, x -> x));

    /** The command written as {@code name}, or empty for one this version does not know. */
    public static Optional<Command> fromWire(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }
}
