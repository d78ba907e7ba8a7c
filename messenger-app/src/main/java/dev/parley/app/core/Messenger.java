package dev.parley.app.core;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.History;
import dev.parley.app.chat.StoreRequest;
import dev.parley.app.chat.StoreWorker;
import dev.parley.app.chat.TextLimits;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.peer.Handshake;
import dev.parley.app.peer.LinkManager;
import dev.parley.app.peer.PeerListener;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Fault;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Role;
import dev.parley.app.router.Router;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headless client for one profile, and its composition root: the locator link, the router
 * with the store and UI lanes, the peer listener and the links to friends. The terminal client,
 * the window, tests and benchmarks all drive a Messenger; what happens comes back to the
 * {@link MessengerListener} on the UI lane.
 */
public final class Messenger implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Messenger.class);

    /**
     * @param bindHost    where the peer listener binds
     * @param listenPort  the peer listener's port (0: any free one)
     * @param advertise   the host friends should dial (null: the address the locator sees)
     */
    public record Options(String bindHost, int listenPort, String advertise, Duration handshakeTimeout,
                          LinkManager.Options links, LocatorClient.Options locator, Router.Options router) {
        public static final Options DEFAULT = new Options("0.0.0.0", 0, null, Duration.ofSeconds(10),
                LinkManager.Options.DEFAULT, LocatorClient.Options.DEFAULT, Router.Options.DEFAULT);

        public Options withListen(String host, int port, String advertiseHost) {
            return new Options(host, port, advertiseHost, handshakeTimeout, links, locator, router);
        }

        public Options withLinks(LinkManager.Options l) {
            return new Options(bindHost, listenPort, advertise, handshakeTimeout, l, locator, router);
        }

        public Options withLocator(LocatorClient.Options l) {
            return new Options(bindHost, listenPort, advertise, handshakeTimeout, links, l, router);
        }
    }

    private final Payloads payloads = new Payloads();
    private final TlsIdentity identity;
    private final History history;
    private final Router router;
    private final ScheduledExecutorService scheduler;
    private final LocatorClient locator;
    private final LinkManager links;
    private final PeerListener listener;
    private final Options options;

    private Messenger(Path profileDir, HostPort server, FingerprintTrustManager locatorTrust, Executor uiExecutor,
                      MessengerListener ui, Options options) throws IOException, GeneralSecurityException, SQLException {
        this.options = options;
        SecureRandom random = new SecureRandom();
        this.identity = TlsIdentity.loadOrCreate(profileDir.resolve("identity.p12"), "parley-user", random);
        this.history = History.open(profileDir.resolve("history.db"));
        this.scheduler = Executors.newScheduledThreadPool(1, r -> new Thread(r, "client-timers"));
        this.router = new Router(uiExecutor, this::fault, options.router());
        router.attach(new UiWorker(ui));
        this.locator = LocatorClient.create(server, locatorTrust, scheduler, new LocatorEvents(), options.locator());
        int timeout = (int) options.handshakeTimeout().toMillis();
        Handshake handshake = new Handshake(identity, locator::username, this::lookup, random, timeout);
        this.links = new LinkManager(handshake, router, locator::username, scheduler, options.links());
        router.attach(Lane.STORE, () -> new StoreWorker(history, router, links::want));
        this.listener = new PeerListener(options.bindHost(), options.listenPort(), handshake, links::install);
    }

    /** Opens the profile's key and history and starts listening for friends; call a login next. */
    public static Messenger open(Path profileDir, HostPort server, FingerprintTrustManager locatorTrust,
                                 Executor uiExecutor, MessengerListener ui, Options options)
            throws IOException, GeneralSecurityException, SQLException {
        return new Messenger(profileDir, server, locatorTrust, uiExecutor, ui, options);
    }

    private Address lookup(String user) throws RequestRefused, IOException {
        return locator.call(Command.LOOKUP, new UserRef(user), Address.class);
    }

    private void fault(Fault f) {
        log.warn("{}", f.what());
        if (f.lane().role() != Role.UI) {
            router.send(Envelope.of(f.lane(), Lane.UI, Kind.COMMAND, new UiEvent.Problem("internal error: " + f.what())));
        }
    }

    public LocatorClient locator() {
        return locator;
    }

    public History history() {
        return history;
    }

    public Router router() {
        return router;
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    public int listenPort() {
        return listener.port();
    }

    public String username() {
        return locator.username();
    }

    /** Friends with a direct link open now. */
    public java.util.Set<String> linked() {
        return links.linked();
    }

    private LocatorClient.Advertised advertised() {
        return new LocatorClient.Advertised(listener.port(), options.advertise(), identity.fingerprint());
    }

    public void register(String user, String password) throws RequestRefused, IOException {
        locator.register(user, password);
    }

    public Welcome login(String user, String password) throws RequestRefused, IOException {
        return locator.login(user, password, advertised());
    }

    public Welcome resume(String user, String token) throws RequestRefused, IOException {
        return locator.resume(user, token, advertised());
    }

    public void logout() throws RequestRefused, IOException {
        try {
            locator.logout();
        } finally {
            links.closeAll("logged out");
        }
    }

    /**
     * Writes a message to {@code friend}: it is stored (outbox) before anything else, then goes
     * out now or whenever the friend is next online. Returns it as stored-to-be (state SENDING).
     *
     * @throws IllegalArgumentException with a sentence for the user: empty, too long, not logged in
     */
    public ChatMessage send(String friend, String text) {
        String me = locator.username();
        if (me == null) {
            throw new IllegalArgumentException("log in first");
        }
        TextLimits.check(text);
        String peer = friend.toLowerCase(Locale.ROOT);
        if (peer.equals(me)) {
            throw new IllegalArgumentException("you cannot message yourself");
        }
        ChatMessage m = new ChatMessage(0, UUID.randomUUID().toString(), peer, true, text, System.currentTimeMillis(),
                Delivery.SENDING);
        if (!router.send(Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, new StoreRequest.Send(m)))) {
            throw new IllegalStateException("the history is not accepting messages right now; try again");
        }
        return m;
    }

    public List<ChatMessage> conversation(String friend, int n) throws SQLException {
        return history.latest(friend.toLowerCase(Locale.ROOT), n);
    }

    public List<ChatMessage> search(String text, int limit) throws SQLException {
        return history.search(text, limit);
    }

    @Override
    public void close() {
        links.close();
        listener.close();
        locator.close();
        router.close();
        scheduler.shutdownNow();
        try {
            history.close();
        } catch (SQLException e) {
            log.warn("closing the history: {}", e.getMessage());
        }
    }

    /** Locator callbacks (its reader or reconnect thread): tell the links, then the UI lane. */
    private final class LocatorEvents implements LocatorClient.Listener {

        @Override
        public void loggedIn(Welcome w, boolean resumed) {
            toUi(new UiEvent.LoggedIn(w, resumed));
            for (Friend f : w.roster().friends()) {
                links.presence(f.username(), f.status());
            }
        }

        @Override
        public void stateChanged(LocatorClient.State state, String reason) {
            toUi(new UiEvent.LocatorState(state, reason));
        }

        @Override
        public void pushed(Frame f) {
            try {
                if (f.command() == Command.PRESENCE) {
                    PresenceChange c = payloads.decode(f, PresenceChange.class);
                    links.presence(c.username(), c.status());
                } else if (f.command() == Command.FRIEND_ACCEPT) {
                    Friend fr = payloads.decode(f, Friend.class);
                    links.presence(fr.username(), fr.status());
                } else if (f.command() == Command.FRIEND_REMOVE) {
                    links.forget(payloads.decode(f, UserRef.class).username());
                } else if (f.command() == Command.SESSION_REPLACED) {
                    links.closeAll("you logged in somewhere else");
                }
            } catch (ProtocolException e) {
                log.warn("unreadable push from the locator: {}", e.getMessage());
            }
            toUi(new UiEvent.LocatorPush(f));
        }

        private void toUi(UiEvent e) {
            router.send(Envelope.of(Lane.LOCATOR, Lane.UI, Kind.COMMAND, e));
        }
    }
}
