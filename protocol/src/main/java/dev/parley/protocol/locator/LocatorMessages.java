package dev.parley.protocol.locator;

import java.util.List;
import java.util.Map;

/**
 * Payloads of the client-locator commands (see docs/protocol.md). Each is the JSON object
 * carried by a COMMAND frame or by the OK reply to it; unknown fields are ignored.
 */
public final class LocatorMessages {

    private LocatorMessages() {
    }

    /** The payload of a command or reply that carries nothing. */
    public static final Map<String, Object> EMPTY = Map.of();

    public enum Presence { ONLINE, AWAY, OFFLINE }

    /** REGISTER request. */
    public record Register(String username, String password) {
    }

    /**
     * LOGIN request. {@code listenPort} and {@code fingerprint} say where and with which key this
     * client takes direct links (0 / null when it takes none); {@code listenHost} overrides the
     * address the locator saw the connection come from.
     */
    public record Login(String username, String password, int listenPort, String listenHost,
                        String fingerprint, Presence status) {
    }

    /** RESUME request: log back in with the token from an earlier LOGIN, no password. */
    public record Resume(String username, String token, int listenPort, String listenHost,
                         String fingerprint, Presence status) {
    }

    /** OK reply to LOGIN and RESUME. */
    public record Welcome(String username, String token, FriendList roster) {
    }

    /** PRESENCE request (own status) and PRESENCE push (a friend's status). */
    public record PresenceChange(String username, Presence status) {
    }

    /** A friend and their presence. */
    public record Friend(String username, Presence status) {
    }

    /**
     * A pending friend request. In FRIEND_REQUEST requests {@code username} is the target; in
     * pushes and lists it is the other party.
     */
    public record FriendRequest(String username, String message, Long ts) {
    }

    /** FRIEND_ACCEPT / FRIEND_REJECT / FRIEND_REMOVE / LOOKUP requests and their pushes. */
    public record UserRef(String username) {
    }

    /** OK reply to FRIENDS, and part of {@link Welcome}. */
    public record FriendList(List<Friend> friends, List<FriendRequest> incoming, List<FriendRequest> outgoing) {
        public FriendList {
            friends = friends == null ? List.of() : List.copyOf(friends);
            incoming = incoming == null ? List.of() : List.copyOf(incoming);
            outgoing = outgoing == null ? List.of() : List.copyOf(outgoing);
        }
    }

    /** OK reply to LOOKUP: where a friend listens and the key they prove. */
    public record Address(String username, String host, int port, String fingerprint) {
    }

    /** SESSION_REPLACED push, just before the locator closes the older connection. */
    public record Notice(String reason) {
    }
}
