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
import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.core.Messenger;
import dev.parley.app.core.MessengerListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** {@code ./parley cli}: line commands in, one line per event out. */
public final class TerminalClient implements MessengerListener {

    static final String HELP = """
            commands:
              /register USER PASS   create an account
              /login USER PASS      log in (the session is resumed automatically next time)
              /logout               log out and forget the session
              /add USER [MSG]       ask USER to be your friend
              /requests             friend requests waiting for you, and yours
              /accept USER          accept USER's friend request
              /reject USER          reject USER's friend request (without USER: the ringing call)
              /remove USER          stop being friends with USER
              /friends              your friends and whether they are online
              /lookup USER          where an online friend takes direct connections
              /msg USER TEXT        send USER a message (it waits if they are offline)
              /history USER [N]     the last N messages with USER (default 20)
              /search TEXT          messages containing TEXT, newest first
              /away, /back          set your status
            """ + FileCommands.HELP + "\n" + CallCommands.HELP + """

              /help                 this list
              /quit                 leave""";

    private final EventPrinter out;
    private final Profile profile;
    private final Payloads payloads = new Payloads();
    private Messenger messenger;
    private final FileCommands files;
    private final CallCommands calls;
    private LocatorClient client;

    public TerminalClient(EventPrinter out, Profile profile) {
        this.out = Objects.requireNonNull(out, "out");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.files = new FileCommands(out, out.json(), () -> messenger);
        this.calls = new CallCommands(out, out.json(), () -> messenger);
    }

    /** Attaches the client core (created with this object as its listener). */
    public void attach(Messenger core) {
        this.messenger = core;
        this.client = core.locator();
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
            messenger.resume(user.get(), token.get());
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
                    messenger.login(p[1], p[2]);
                }
                case "/logout" -> {
                    messenger.logout();
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
                    if (p.length < 2) {
                        // Without a name: the ringing call.
                        messenger.rejectCall();
                        return true;
                    }
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
                case "/msg" -> {
                    need(p, 3, "/msg USER TEXT");
                    messenger.send(p[1], p[2]);
                }
                case "/history" -> {
                    need(p, 2, "/history USER [N]");
                    int n = p.length > 2 ? count(p[2]) : 20;
                    printHistory(p[1], messenger.conversation(p[1], n));
                }
                case "/search" -> {
                    String text = line.substring(p[0].length()).strip();
                    if (text.isEmpty()) {
                        throw new IllegalArgumentException("usage: /search TEXT");
                    }
                    List<ChatMessage> found = messenger.search(text, 50);
                    StringBuilder sb = new StringBuilder(found.size() + " messages contain \"" + text + "\"");
                    found.forEach(m -> sb.append("\n  ").append(line(m)));
                    out.event("search", sb.toString(), "query", text, "messages", found.stream().map(TerminalClient::fields).toList());
                }
                case "/away", "/back" -> {
                    Presence s = cmd.equals("/away") ? Presence.AWAY : Presence.ONLINE;
                    client.presence(s);
                    out.event("status", "you are " + word(s), "status", s);
                }
                default -> {
                    if (!files.execute(cmd, p) && !calls.execute(cmd, p)) {
                        out.error("unknown command " + cmd + "; type /help");
                    }
                }
            }
        } catch (RequestRefused e) {
            out.event("error", "error: " + e.getMessage(), "code", e.code(), "text", e.getMessage(), "retryAfterMs", e.retryAfterMs());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            out.error(e.getMessage());
        } catch (SQLException e) {
            out.error("cannot read the profile's database: " + e.getMessage());
        }
        return true;
    }

    private static int count(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n > 0 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new IllegalArgumentException("N must be a number from 1 to 10000, not " + s);
    }

    private void printHistory(String friend, List<ChatMessage> page) {
        StringBuilder sb = new StringBuilder(page.isEmpty() ? "no messages with " + friend : "last " + page.size() + " messages with " + friend + ":");
        page.forEach(m -> sb.append("\n  ").append(line(m)));
        out.event("history", sb.toString(), "user", friend, "messages", page.stream().map(TerminalClient::fields).toList());
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static String line(ChatMessage m) {
        String when = TIME.format(Instant.ofEpochMilli(m.sentAt()).atZone(ZoneId.systemDefault()));
        return "[" + when + "] " + (m.outgoing() ? "you → " + m.peer() : m.peer()) + ": " + m.body()
                + (m.outgoing() ? " (" + word(m.state()) + ")" : "");
    }

    private static Map<String, Object> fields(ChatMessage m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", m.id());
        f.put("user", m.peer());
        f.put("direction", m.outgoing() ? "out" : "in");
        f.put("body", m.body());
        f.put("ts", m.sentAt());
        f.put("state", word(m.state()));
        return f;
    }

    private static String word(Delivery d) {
        return d == Delivery.SENDING ? "waiting" : d.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void messageAdded(ChatMessage m) {
        Map<String, Object> f = fields(m);
        Object[] kv = f.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray();
        out.event("message", m.outgoing() ? "you → " + m.peer() + ": " + m.body() : m.peer() + ": " + m.body(), kv);
    }

    @Override
    public void deliveryChanged(String peer, List<String> ids, Delivery state) {
        String event = state == Delivery.DELIVERED ? "delivered" : "sent";
        String text = ids.size() == 1 ? "message " + event + (state == Delivery.DELIVERED ? " to " : " toward ") + peer
                : ids.size() + " messages " + event + (state == Delivery.DELIVERED ? " to " : " toward ") + peer;
        out.event(event, text, "user", peer, "ids", ids);
    }

    @Override
    public void linkChanged(String peer, boolean up, String reason) {
        out.event("link", up ? "direct link to " + peer + " is up" : "direct link to " + peer + " closed: " + reason,
                "user", peer, "up", up, "reason", reason);
    }

    @Override
    public void problem(String text) {
        out.error(text);
    }

    @Override
    public void transferChanged(dev.parley.app.transfer.Transfer t) {
        files.changed(t);
    }

    @Override
    public void transferProgress(dev.parley.app.transfer.Progress p) {
        files.progress(p);
    }

    @Override
    public void callChanged(dev.parley.app.call.Call c) {
        calls.changed(c);
    }

    @Override
    public void callStats(dev.parley.app.call.Call c, dev.parley.media.call.CallStats s) {
        calls.stats(c, s);
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
    public void locatorPush(Frame f) {
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
    public void locatorState(LocatorClient.State state, String reason) {
        switch (state) {
            case RECONNECTING -> out.event("connection", "reconnecting to the locator… (" + reason + ")", "state", "reconnecting");
            case DISCONNECTED -> out.event("connection", "disconnected: " + reason, "state", "disconnected", "reason", reason);
            default -> {
            }
        }
    }
}
