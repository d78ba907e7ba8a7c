package dev.parley.app.core;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.parley.app.call.CallManager;
import dev.parley.app.call.CallRequest;
import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.History;
import dev.parley.app.chat.StoreRequest;
import dev.parley.app.chat.StoreWorker;
import dev.parley.app.chat.TextLimits;
import dev.parley.app.chat.Unacked;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.peer.Authenticated;
import dev.parley.app.peer.Handshake;
import dev.parley.app.peer.LinkManager;
import dev.parley.app.peer.PeerListener;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Fault;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Role;
import dev.parley.app.router.Router;
import dev.parley.app.transfer.Space;
import dev.parley.app.transfer.Transfer;
import dev.parley.app.transfer.TransferManager;
import dev.parley.app.transfer.TransferRequest;
import dev.parley.app.transfer.TransferState;
import dev.parley.app.transfer.TransferStore;
import dev.parley.media.Devices;
import dev.parley.media.call.CallMedia;
import dev.parley.media.video.VideoView;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.Header;
import dev.parley.protocol.peer.PeerMessages;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    /**
     * Message ids start with the time (UUID version 7): each side's unique index on them then
     * grows at its end. Random ids put every new message on a different index page, a page
     * written to the WAL per message.
     */
    private final TimeBasedEpochGenerator messageIds = Generators.timeBasedEpochGenerator();
    /** When {@link #send} was last called (nanoTime). */
    private final AtomicLong lastSend = new AtomicLong(System.nanoTime() - BURST_GAP_NANOS);
    /**
     * Sends closer together than this are a burst (a script, a paste split up), and are queued
     * for the store lane to take in batches: one write to the intake and one to the link for
     * many messages. Handling each inline cut bulk throughput from ~58k to ~48k messages/s.
     */
    static final long BURST_GAP_NANOS = 100_000;
    private final TlsIdentity identity;
    private final History history;
    private final Router router;
    private final ScheduledExecutorService scheduler;
    private final LocatorClient locator;
    private final LinkManager links;
    private final PeerListener listener;
    private final TransferStore transfers;
    private final TransferManager transferManager;
    private final Options options;
    private final CallManager calls;
    private volatile Path downloads = defaultDownloads();
    private volatile Devices devices = Devices.DEFAULT;
    private volatile CallManager.Views views = CallManager.Views.NONE;

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
        Unacked unacked = new Unacked();
        this.links = new LinkManager(handshake, router, locator::username, scheduler, unacked, options.links());
        router.attach(Lane.STORE, () -> new StoreWorker(history, router, links::want, unacked));
        this.transfers = new TransferStore(history.database());
        TransferManager manager = this.transferManager = new TransferManager(transfers, router, handshake, links::isLinked, locator::username,
                scheduler);
        manager.restartPreparing();
        router.attach(manager);
        scheduler.scheduleAtFixedRate(() -> router.send(Envelope.of(Lane.TRANSFERS, Lane.TRANSFERS, Kind.PROGRESS,
                new TransferRequest.Tick())), 250, 250, TimeUnit.MILLISECONDS);
        this.calls = new CallManager(router, handshake, links::isLinked, locator::username, scheduler, () -> devices,
                () -> views, MAX_VIDEO_BPS);
        router.attach(calls);
        scheduler.scheduleAtFixedRate(() -> router.send(Envelope.of(Lane.MEDIA, Lane.MEDIA, Kind.PROGRESS,
                new CallRequest.Tick())), 1, 1, TimeUnit.SECONDS);
        this.listener = new PeerListener(options.bindHost(), options.listenPort(), handshake, this::accepted);
    }

    /** The video bitrate a call aims for when the link carries it. */
    public static final long MAX_VIDEO_BPS = 1_000_000;

    /** Opens the profile's key and history and starts listening for friends; call a login next. */
    public static Messenger open(Path profileDir, HostPort server, FingerprintTrustManager locatorTrust,
                                 Executor uiExecutor, MessengerListener ui, Options options)
            throws IOException, GeneralSecurityException, SQLException {
        return new Messenger(profileDir, server, locatorTrust, uiExecutor, ui, options);
    }

    /** A friend's connection: their link, a fetch of a file we offered, or a call's media (its HELLO says which). */
    private void accepted(Authenticated c) {
        if (PeerMessages.PURPOSE_AUDIO.equals(c.purpose()) || PeerMessages.PURPOSE_VIDEO.equals(c.purpose())) {
            mediaConnection(c);
            return;
        }
        if (!PeerMessages.PURPOSE_FILE.equals(c.purpose())) {
            links.accepted(c);
            return;
        }
        try {
            Header request = c.reader().readHeader();
            if (request == null || request.type() != FrameType.FILE || request.id() == null || request.offset() == null
                    || request.length() != 0) {
                throw new IOException("expected a FILE request with an id and an offset, got " + request);
            }
            router.send(Envelope.of(Lane.LISTENER, Lane.TRANSFERS, Kind.COMMAND,
                    new TransferRequest.Incoming(c, request.id(), request.offset())));
        } catch (IOException e) {
            log.warn("a file connection from {} was not a valid request: {}", c.peer(), e.getMessage());
            try {
                c.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void mediaConnection(Authenticated c) {
        FrameType expected = PeerMessages.PURPOSE_AUDIO.equals(c.purpose()) ? FrameType.AUDIO : FrameType.VIDEO;
        try {
            Header first = c.reader().readHeader();
            if (first == null || first.type() != expected || first.id() == null || first.length() != 0) {
                throw new IOException("expected an empty " + expected + " frame naming the call, got " + first);
            }
            router.send(Envelope.of(Lane.LISTENER, Lane.MEDIA, Kind.COMMAND, new CallRequest.MediaIncoming(c, first.id())));
        } catch (IOException e) {
            log.warn("a media connection from {} was not valid: {}", c.peer(), e.getMessage());
            try {
                c.socket().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private Address lookup(String user) throws RequestRefused, IOException {
        return locator.call(Command.LOOKUP, new UserRef(user), Address.class);
    }

    private void fault(Fault f) {
        log.warn("{}", f.what());
        if (f.lane().role() != Role.UI) {
            router.send(Envelope.of(f.lane(), Lane.UI, Kind.COMMAND, new UiEvent.Problem(problem(f))));
        }
    }

    /** What the user is told: a problem saving to the history in words, anything else as the fault it is. */
    static String problem(Fault f) {
        if (f.lane().equals(Lane.STORE) && (f.cause() instanceof IOException || f.cause() instanceof SQLException)) {
            return "cannot save to the history: " + f.cause().getMessage()
                    + ". A message that was not saved was not sent either; send it again once there is room.";
        }
        return "internal error: " + f.what();
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
        ChatMessage m = new ChatMessage(0, messageIds.generate().toString(), peer, true, text, System.currentTimeMillis(),
                Delivery.SENDING);
        // A lone message is handled on this thread when the store lane is idle: logging it and
        // writing it to the link take some µs, less than waking the lane's thread (and the commit
        // that follows runs there). A burst is queued.
        long now = System.nanoTime();
        boolean burst = now - lastSend.getAndSet(now) < BURST_GAP_NANOS;
        Envelope e = Envelope.of(Lane.UI, Lane.STORE, Kind.TEXT, new StoreRequest.Send(m));
        if (!(burst ? router.send(e) : router.sendInline(e))) {
            throw new IllegalStateException("the history is not accepting messages right now; try again");
        }
        return m;
    }

    // ---- files ----------------------------------------------------------------------------

    /** The ~/Downloads folder (made if missing when the first file arrives). */
    public static Path defaultDownloads() {
        return Path.of(System.getProperty("user.home"), "Downloads");
    }

    /** Where accepted files go unless the user picks a place. */
    public Path downloads() {
        return downloads;
    }

    public void setDownloads(Path dir) {
        this.downloads = Objects.requireNonNull(dir, "dir").toAbsolutePath();
    }

    /**
     * Offers {@code file} to {@code friend}: hashed first (progress shows it), then offered now or
     * when they are next online. Returns the transfer as stored.
     *
     * @throws IllegalArgumentException with a sentence for the user
     */
    public Transfer sendFile(String friend, Path file) throws SQLException {
        String me = locator.username();
        if (me == null) {
            throw new IllegalArgumentException("log in first");
        }
        String peer = friend.toLowerCase(Locale.ROOT);
        if (peer.equals(me)) {
            throw new IllegalArgumentException("you cannot send a file to yourself");
        }
        Path p = file.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("there is no file " + p);
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IllegalArgumentException(p + " is not a file Parley can read");
        }
        long size;
        long mtime;
        try {
            size = Files.size(p);
            mtime = Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
        }
        String mime;
        try {
            mime = Files.probeContentType(p);
        } catch (IOException e) {
            mime = null;
        }
        long now = System.currentTimeMillis();
        Transfer t = new Transfer(UUID.randomUUID().toString(), peer, true, p.getFileName().toString(), size, null, mime,
                p, null, TransferState.PREPARING, 0, null, mtime, now, now);
        toTransfers(new TransferRequest.Send(t));
        return t;
    }

    /** Accepts an offered file into {@code dir} (null: the downloads folder) under its offered name. */
    public Transfer acceptFile(String id, Path dir) throws SQLException {
        Transfer t = offered(id);
        Path folder = (dir == null ? downloads : dir).toAbsolutePath();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        return acceptAs(t, folder.resolve(t.name()));
    }

    /** Accepts an offered file into exactly {@code file} (Save as…; an existing file is not replaced). */
    public Transfer acceptFileAs(String id, Path file) throws SQLException {
        return acceptAs(offered(id), file.toAbsolutePath());
    }

    private Transfer acceptAs(Transfer t, Path target) {
        try {
            Files.createDirectories(target.getParent());
            String room = Space.lacking(target.getParent(), t.size(), null);
            if (room != null) {
                throw new IllegalArgumentException(room);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot save to " + target.getParent() + ": " + e.getMessage());
        }
        toTransfers(new TransferRequest.Accept(t.id(), target));
        return t;
    }

    private Transfer offered(String id) throws SQLException {
        Transfer t = transfer(id);
        if (t.outgoing()) {
            throw new IllegalArgumentException("transfer " + id + " is one you are sending");
        }
        if (t.state() != TransferState.OFFERED) {
            throw new IllegalArgumentException(t.name() + " is already " + t.state().name().toLowerCase(Locale.ROOT));
        }
        return t;
    }

    public void declineFile(String id) throws SQLException {
        toTransfers(new TransferRequest.Decline(offered(id).id()));
    }

    public void pauseFile(String id) throws SQLException {
        Transfer t = transfer(id);
        if (t.state() != TransferState.ACTIVE) {
            throw new IllegalArgumentException(t.name() + " is " + t.state().name().toLowerCase(Locale.ROOT) + ", not moving");
        }
        toTransfers(new TransferRequest.Pause(t.id()));
    }

    public void resumeFile(String id) throws SQLException {
        Transfer t = transfer(id);
        if (t.state() != TransferState.PAUSED && t.state() != TransferState.FAILED) {
            throw new IllegalArgumentException(t.name() + " is " + t.state().name().toLowerCase(Locale.ROOT) + ", not paused");
        }
        toTransfers(new TransferRequest.Resume(t.id()));
    }

    public void cancelFile(String id) throws SQLException {
        Transfer t = transfer(id);
        if (t.state().finished()) {
            throw new IllegalArgumentException(t.name() + " is already " + t.state().name().toLowerCase(Locale.ROOT));
        }
        toTransfers(new TransferRequest.Cancel(t.id()));
    }

    /** A transfer by its id or a unique start of it (as the terminal client shows them). */
    public Transfer transfer(String idOrPrefix) throws SQLException {
        Optional<Transfer> exact = transfers.get(idOrPrefix);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<Transfer> matches = transfers.all().stream().filter(t -> t.id().startsWith(idOrPrefix)).toList();
        if (idOrPrefix.isBlank() || matches.isEmpty()) {
            throw new IllegalArgumentException("there is no transfer " + idOrPrefix);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(idOrPrefix + " matches " + matches.size() + " transfers; give more of the id");
        }
        return matches.getFirst();
    }

    /** Bytes sent for transfer {@code id} since this app started, resends included. */
    public long wireBytes(String id) {
        return transferManager.wireBytes(id);
    }

    /** Every transfer, oldest first. */
    public List<Transfer> transfers() throws SQLException {
        return transfers.all();
    }

    /** The transfers with {@code friend}, oldest first. */
    public List<Transfer> transfers(String friend) throws SQLException {
        return transfers.with(friend.toLowerCase(Locale.ROOT));
    }

    private void toTransfers(TransferRequest r) {
        if (!router.send(Envelope.of(Lane.UI, Lane.TRANSFERS, Kind.COMMAND, r))) {
            throw new IllegalStateException("file transfers are not accepting requests right now; try again");
        }
    }

    // ---- calls -----------------------------------------------------------------------------

    /** The camera, microphone and speaker the next call opens (stand-ins where these are missing). */
    public void setDevices(Devices d) {
        this.devices = Objects.requireNonNull(d, "devices");
    }

    public Devices devices() {
        return devices;
    }

    /** Where the next call shows the friend's picture and our own preview (called on media threads). */
    public void setCallViews(VideoView remote, VideoView local) {
        this.views = new CallManager.Views(Objects.requireNonNull(remote, "remote"), Objects.requireNonNull(local, "local"));
    }

    /** Rings {@code friend}; what happens comes back as {@link MessengerListener#callChanged}. */
    public void call(String friend, boolean video) {
        String me = locator.username();
        if (me == null) {
            throw new IllegalArgumentException("log in first");
        }
        String peer = friend.toLowerCase(Locale.ROOT);
        if (peer.equals(me)) {
            throw new IllegalArgumentException("you cannot call yourself");
        }
        toCalls(new CallRequest.Start(peer, video));
    }

    /** Picks up the ringing call, sending video or not. */
    public void answer(boolean video) {
        toCalls(new CallRequest.Answer(video));
    }

    public void rejectCall() {
        toCalls(new CallRequest.Reject());
    }

    public void hangup() {
        toCalls(new CallRequest.Hangup());
    }

    public void muteMicrophone(boolean muted) {
        toCalls(new CallRequest.Mute(muted));
    }

    public void camera(boolean on) {
        toCalls(new CallRequest.Camera(on));
    }

    /** The running call's media, or null: tests and benchmarks read its numbers and shape its link. */
    public CallMedia callMedia() {
        return calls.media();
    }

    private void toCalls(CallRequest r) {
        if (!router.send(Envelope.of(Lane.UI, Lane.MEDIA, Kind.COMMAND, r))) {
            throw new IllegalStateException("calls are not accepting requests right now; try again");
        }
    }

    public List<ChatMessage> conversation(String friend, int n) throws SQLException {
        return history.latest(friend.toLowerCase(Locale.ROOT), n);
    }

    public List<ChatMessage> search(String text, int limit) throws SQLException {
        return history.search(text, limit);
    }

    @Override
    public void close() {
        CallMedia m = calls.media();
        if (m != null) {
            m.close();
        }
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
