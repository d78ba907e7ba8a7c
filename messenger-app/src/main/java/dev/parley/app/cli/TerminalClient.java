package dev.parley.app.cli;

import dev.parley.protocol.RequestRefused;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.profile.Profile;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@code ./parley cli}: line commands in, one line per event out. */
public final class TerminalClient implements LocatorClient.Listener {

    static final String HELP = """
            commands:
              /register USER PASS   create an account
              /login USER PASS      log in (the session is resumed automatically next time)
              /logout               log out and forget the session
              /add USER [MSG]       ask USER to be your friend
              /requests             friend requests waiting for you, and yours
              /accept USER          accept USER's friend request
              /reject USER          reject USER's friend request
              /remove USER          stop being friends with USER
              /friends              your friends and whether they are online
              /lookup USER          where an online friend takes direct connections
              /away, /back          set your status
              /help                 this list
              /quit                 leave""";

    private final EventPrinter out;
    private final Profile profile;
    private final Payloads payloads = new Payloads();
    private LocatorClient client;

    public TerminalClient(EventPrinter out, Profile profile) {
        this.out = Objects.requireNonNull(out, "out");
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** Attaches the locator link (created with this object as its listener). */
    public void attach(LocatorClient locator) {
        this.client = locator;
    }

    /** Resumes the profile's saved session on this server, if there is one. */
    public void resumeSaved() {
        String server = client.server().toString();
        var user = profile.setting("user");
        var token = profile.setting("token");
        if (user.isEmpty() || token.isEmpty() || !server.equals(profile.setting("server").orElse(""))) {
            out.event("info", "connected to " + server + " — /register or /login (type /help for commands)", "server", server);
            return;
        }
        try {
            client.resume(user.get(), token.get(), LocatorClient.Advertised.NONE);
        } catch (RequestRefused e) {
            forgetSession();
            out.error(e.getMessage());
        } catch (IOException e) {
            out.error(e.getMessage());
        }
    }

    public void run(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (!execute(line.strip())) {
                return;
            }
        }
    }

    /** Runs one line; false when the user asked to quit. */
    public boolean execute(String line) {
        if (line.isEmpty()) {
            return true;
        }
        if (!line.startsWith("/")) {
            out.error("commands start with '/'; type /help");
            return true;
        }
        String[] p = line.split("\\s+", 3);
        String cmd = p[0].toLowerCase(Locale.ROOT);
        try {
            switch (cmd) {
                case "/quit", "/exit" -> {
                    return false;
                }
                case "/help" -> out.event("help", HELP);
                case "/register" -> {
                    need(p, 3, "/register USER PASS");
                    client.register(p[1], p[2]);
                    out.event("registered", "registered " + p[1].toLowerCase(Locale.ROOT) + "; now /login", "user", p[1]);
                }
                case "/login" -> {
                    need(p, 3, "/login USER PASS");
                    client.login(p[1], p[2], LocatorClient.Advertised.NONE);
                }
                case "/logout" -> {
                    client.logout();
                    forgetSession();
                    out.event("logged-out", "logged out");
                }
                case "/add" -> {
                    need(p, 2, "/add USER [MSG]");
                    Object r = client.call(Command.FRIEND_REQUEST, new FriendRequest(p[1], p.length > 2 ? p[2] : null, null), Map.class);
                    Map<?, ?> m = (Map<?, ?>) r;
                    if (m.containsKey("status")) {
                        out.event("friend-accepted", "you and " + m.get("username") + " are now friends", "user", m.get("username"));
                    } else {
                        out.event("friend-request-sent", "asked " + m.get("username") + " to be your friend", "user", m.get("username"));
                    }
                }
                case "/requests" -> printRequests(client.call(Command.FRIENDS, LocatorMessages.EMPTY, FriendList.class));
                case "/accept" -> {
                    need(p, 2, "/accept USER");
                    Friend f = client.call(Command.FRIEND_ACCEPT, new UserRef(p[1]), Friend.class);
                    out.event("friend-accepted", "you and " + f.username() + " are now friends (" + word(f.status()) + ")",
                            "user", f.username(), "status", f.status());
                }
                case "/reject" -> {
                    need(p, 2, "/reject USER");
                    UserRef u = client.call(Command.FRIEND_REJECT, new UserRef(p[1]), UserRef.class);
                    out.event("friend-rejected", "rejected " + u.username() + "'s request", "user", u.username());
                }
                case "/remove" -> {
                    need(p, 2, "/remove USER");
                    UserRef u = client.call(Command.FRIEND_REMOVE, new UserRef(p[1]), UserRef.class);
                    out.event("friend-removed", "you and " + u.username() + " are no longer friends", "user", u.username());
                }
                case "/friends" -> printFriends(client.call(Command.FRIENDS, LocatorMessages.EMPTY, FriendList.class));
                case "/lookup" -> {
                    need(p, 2, "/lookup USER");
                    Address a = client.call(Command.LOOKUP, new UserRef(p[1]), Address.class);
                    out.event("address", a.username() + " takes direct connections at " + a.host() + ":" + a.port()
                            + " with key " + a.fingerprint(), "user", a.username(), "host", a.host(), "port", a.port(),
                            "fingerprint", a.fingerprint());
                }
                case "/away", "/back" -> {
                    Presence s = cmd.equals("/away") ? Presence.AWAY : Presence.ONLINE;
                    client.presence(s);
                    out.event("status", "you are " + word(s), "status", s);
                }
                default -> out.error("unknown command " + cmd + "; type /help");
            }
        } catch (RequestRefused e) {
            out.event("error", "error: " + e.getMessage(), "code", e.code(), "text", e.getMessage(), "retryAfterMs", e.retryAfterMs());
        } catch (IOException | IllegalArgumentException e) {
            out.error(e.getMessage());
        }
        return true;
    }

    private static void need(String[] parts, int n, String usage) {
        if (parts.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private void printFriends(FriendList l) {
        if (l.friends().isEmpty()) {
            out.event("friends", "no friends yet — /add USER", "friends", l.friends());
            return;
        }
        StringBuilder sb = new StringBuilder("friends:");
        for (Friend f : l.friends()) {
            sb.append("\n  ").append(f.username()).append(" — ").append(word(f.status()));
        }
        out.event("friends", sb.toString(), "friends", l.friends());
    }

    private void printRequests(FriendList l) {
        StringBuilder sb = new StringBuilder();
        l.incoming().forEach(r -> sb.append("\n  from ").append(r.username()).append(r.message() == null ? "" : ": " + r.message()));
        l.outgoing().forEach(r -> sb.append("\n  to ").append(r.username()).append(" (waiting)"));
        out.event("requests", sb.isEmpty() ? "no pending friend requests" : "friend requests:" + sb,
                "incoming", l.incoming(), "outgoing", l.outgoing());
    }

    private static String word(Presence p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private void forgetSession() {
        try {
            profile.setting("token", null);
        } catch (IOException e) {
            out.error("cannot update the profile: " + e.getMessage());
        }
    }

    @Override
    public void loggedIn(Welcome w, boolean resumed) {
        try {
            profile.setting("server", client.server().toString());
            profile.setting("user", w.username());
            profile.setting("token", w.token());
        } catch (IOException e) {
            out.error("cannot save the session in the profile: " + e.getMessage());
        }
        long online = w.roster().friends().stream().filter(f -> f.status() != Presence.OFFLINE).count();
        out.event("logged-in", (resumed ? "welcome back, " : "logged in as ") + w.username() + " — "
                        + w.roster().friends().size() + " friends, " + online + " online, "
                        + w.roster().incoming().size() + " friend requests",
                "user", w.username(), "resumed", resumed, "friends", w.roster().friends(), "incoming", w.roster().incoming());
        w.roster().incoming().forEach(this::announceRequest);
    }

    private void announceRequest(FriendRequest r) {
        out.event("friend-request", "friend request from " + r.username() + (r.message() == null ? "" : ": \"" + r.message() + "\"")
                + " — /accept " + r.username() + " or /reject " + r.username(), "user", r.username(), "message", r.message());
    }

    @Override
    public void pushed(Frame f) {
        try {
            switch (f.command() == null ? Command.CONNECT : f.command()) {
                case PRESENCE -> {
                    PresenceChange c = payloads.decode(f, PresenceChange.class);
                    out.event("presence", c.username() + " is " + word(c.status()), "user", c.username(), "status", c.status());
                }
                case FRIEND_REQUEST -> announceRequest(payloads.decode(f, FriendRequest.class));
                case FRIEND_ACCEPT -> {
                    Friend fr = payloads.decode(f, Friend.class);
                    out.event("friend-accepted", fr.username() + " accepted your friend request (" + word(fr.status()) + ")",
                            "user", fr.username(), "status", fr.status());
                }
                case FRIEND_REJECT -> {
                    UserRef u = payloads.decode(f, UserRef.class);
                    out.event("friend-rejected", u.username() + " rejected your friend request", "user", u.username());
                }
                case FRIEND_REMOVE -> {
                    UserRef u = payloads.decode(f, UserRef.class);
                    out.event("friend-removed", u.username() + " removed you as a friend", "user", u.username());
                }
                case SESSION_REPLACED -> {
                    forgetSession();
                    out.event("session-replaced", "you logged in somewhere else; this session was closed");
                }
                default -> {
                    if (f.header().error() != null) {
                        out.event("error", "locator: " + f.header().error(), "code", f.header().code(), "text", f.header().error());
                    }
                }
            }
        } catch (ProtocolException e) {
            out.error("unreadable message from the locator: " + e.getMessage());
        }
    }

    @Override
    public void stateChanged(LocatorClient.State state, String reason) {
        switch (state) {
            case RECONNECTING -> out.event("connection", "reconnecting to the locator… (" + reason + ")", "state", "reconnecting");
            case DISCONNECTED -> out.event("connection", "disconnected: " + reason, "state", "disconnected", "reason", reason);
            default -> {
            }
        }
    }
}
