package dev.parley.app.locator;

import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.Resume;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The client's link to the locator: requests matched to replies by id, pushes to a listener,
 * heartbeats, and recovery by itself (resume token, jittered backoff) when the link drops.
 * Thread-safe; the listener is called on the link's reader thread or a reconnect thread.
 */
public final class LocatorClient implements AutoCloseable {

    public enum State { DISCONNECTED, LOGGED_IN, RECONNECTING, CLOSED }

    /** What the rest of the client hears from the locator. */
    public interface Listener {
        default void pushed(Frame frame) {
        }

        default void loggedIn(Welcome welcome, boolean resumed) {
        }

        default void stateChanged(State state, String reason) {
        }

        default void heartbeat(long roundTripNanos) {
        }
    }

    /** Where and how this client takes direct links, sent with LOGIN and RESUME. */
    public record Advertised(int listenPort, String listenHost, String fingerprint) {
        public static final Advertised NONE = new Advertised(0, null, null);
    }

    /**
     * {@code localAddress}: the address links leave from, or null for the system's choice. Clients
     * sharing one address share its 28,000 source ports; at ~19,000 connections to one locator the
     * kernel's search for a free one took a third of a connect's CPU, so a benchmark holding that
     * many spreads them over loopback addresses, as separate computers would have their own.
     */
    public record Options(Duration requestTimeout, Duration heartbeatInterval, Backoff backoff, InetAddress localAddress) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofSeconds(5), Backoff.DEFAULT);

        public Options(Duration requestTimeout, Duration heartbeatInterval, Backoff backoff) {
            this(requestTimeout, heartbeatInterval, backoff, null);
        }

        public Options from(InetAddress local) {
            return new Options(requestTimeout, heartbeatInterval, backoff, local);
        }
    }

    private final HostPort server;
    private final SSLContext tls;
    private final ScheduledExecutorService scheduler;
    private final Executor reconnects;
    private final Listener listener;
    private final Options options;
    private final Payloads payloads;
    /** Kept for every link this client opens: a codec is a JSON mapper that learns its classes on first use. */
    private final HeaderCodec codec = new HeaderCodec();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong ids = new AtomicLong();

    private volatile Link link;
    private volatile State state = State.DISCONNECTED;
    private volatile String username;
    private volatile String token;
    private volatile Presence status = Presence.ONLINE;
    private volatile Advertised advertised = Advertised.NONE;
    private volatile boolean closed;
    private ScheduledFuture<?> heartbeats;

    /** A client whose TLS trusts the locator through {@code trust}. */
    public static LocatorClient create(HostPort server, FingerprintTrustManager trust, ScheduledExecutorService scheduler,
                                       Listener listener, Options options) throws GeneralSecurityException {
        return new LocatorClient(server, TlsContexts.client(null, Objects.requireNonNull(trust, "trust"), new SecureRandom()),
                scheduler, listener, options);
    }

    /** A client on a TLS context shared with others; each reconnect attempt runs on a virtual thread of its own. */
    public LocatorClient(HostPort server, SSLContext tls, ScheduledExecutorService scheduler,
                         Listener listener, Options options) {
        this(server, tls, scheduler, r -> Thread.ofVirtual().name("locator-reconnect").start(r), new Payloads(),
                listener, options);
    }

    /**
     * A client whose reconnect attempts (TLS handshake and RESUME) run on {@code reconnects}: many
     * clients in one process (a benchmark) share a few threads for them, as separate computers would
     * each have their own CPU, instead of thousands of handshakes sharing the same two cores. They
     * share {@code payloads} too: its JSON mapper learns each message class on first use, work that
     * separate computers would each do on their own CPU, once.
     */
    public LocatorClient(HostPort server, SSLContext tls, ScheduledExecutorService scheduler, Executor reconnects,
                         Payloads payloads, Listener listener, Options options) {
        this.server = Objects.requireNonNull(server, "server");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.reconnects = Objects.requireNonNull(reconnects, "reconnects");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.options = Objects.requireNonNull(options, "options");
    }

    public HostPort server() {
        return server;
    }

    public State state() {
        return state;
    }

    public String username() {
        return username;
    }

    public String token() {
        return token;
    }

    /** Opens the TLS link if none is open. */
    public synchronized void connect() throws IOException {
        if (closed) {
            throw new IOException("client closed");
        }
        if (link != null && link.open()) {
            return;
        }
        link = Link.open(this, server, tls);
    }

    public CompletableFuture<Frame> request(Command cmd, Object body) {
        Link l = link;
        if (l == null || !l.open()) {
            return CompletableFuture.failedFuture(new IOException("not connected to the locator at " + server));
        }
        return l.request(payloads.frame(Header.command(cmd, Long.toString(ids.incrementAndGet(), 36), 0), body));
    }

    /** Sends a command and waits for its reply; an ERROR reply becomes a {@link RequestRefused}. */
    public <T> T call(Command cmd, Object body, Class<T> type) throws RequestRefused, IOException {
        Frame reply;
        try {
            reply = request(cmd, body).get(options.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the locator did not answer " + cmd + " within " + options.requestTimeout().toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (reply.type() == FrameType.ERROR) {
            throw new RequestRefused(reply.header().code(), reply.header().error(), reply.header().retryAfterMs());
        }
        return payloads.decode(reply, type);
    }

    public void register(String user, String password) throws RequestRefused, IOException {
        connect();
        call(Command.REGISTER, new LocatorMessages.Register(user, password), Map.class);
    }

    public Welcome login(String user, String password, Advertised adv) throws RequestRefused, IOException {
        connect();
        Welcome w = call(Command.LOGIN, new Login(user, password, adv.listenPort(), adv.listenHost(), adv.fingerprint(), status), Welcome.class);
        loggedIn(w, adv, false);
        return w;
    }

    public Welcome resume(String user, String resumeToken, Advertised adv) throws RequestRefused, IOException {
        connect();
        Welcome w = call(Command.RESUME, new Resume(user, resumeToken, adv.listenPort(), adv.listenHost(), adv.fingerprint(), status), Welcome.class);
        loggedIn(w, adv, true);
        return w;
    }

    private void loggedIn(Welcome w, Advertised adv, boolean resumed) {
        this.username = w.username();
        this.token = w.token();
        this.advertised = adv;
        setState(State.LOGGED_IN, resumed ? "resumed" : "logged in");
        startHeartbeats();
        listener.loggedIn(w, resumed);
    }

    public void presence(Presence newStatus) throws RequestRefused, IOException {
        call(Command.PRESENCE, new LocatorMessages.PresenceChange(null, newStatus), Map.class);
        status = newStatus;
    }

    public void logout() throws RequestRefused, IOException {
        try {
            call(Command.LOGOUT, LocatorMessages.EMPTY, Map.class);
        } finally {
            token = null;
            username = null;
            stopHeartbeats();
            setState(State.DISCONNECTED, "logged out");
        }
    }

    private synchronized void startHeartbeats() {
        if (heartbeats == null && !options.heartbeatInterval().isZero()) {
            long every = options.heartbeatInterval().toMillis();
            heartbeats = scheduler.scheduleAtFixedRate(this::heartbeatOnce, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    /** Sends one HEARTBEAT now; the listener hears its round trip. */
    public void heartbeatOnce() {
        if (state != State.LOGGED_IN) {
            return;
        }
        long sent = System.nanoTime();
        request(Command.HEARTBEAT, LocatorMessages.EMPTY).thenAccept(f -> {
            if (f.type() == FrameType.OK) {
                listener.heartbeat(System.nanoTime() - sent);
            }
        });
    }

    void onPush(Frame f) {
        if (f.command() == Command.SESSION_REPLACED) {
            token = null;
            stopHeartbeats();
            setState(State.DISCONNECTED, "you logged in somewhere else");
        }
        listener.pushed(f);
    }

    /** Called by a link's reader when it ends; starts recovery if we were logged in. */
    void onLinkLost(Link lost, String reason) {
        if (lost != link || closed) {
            return;
        }
        if (token != null && state == State.LOGGED_IN) {
            setState(State.RECONNECTING, reason);
            scheduleReconnect(0);
        } else if (state != State.DISCONNECTED) {
            setState(State.DISCONNECTED, reason);
        }
    }

    private void scheduleReconnect(int attempt) {
        if (closed) {
            return;
        }
        long delay = options.backoff().delay(attempt, random).toMillis();
        scheduler.schedule(() -> reconnects.execute(() -> tryReconnect(attempt)), delay, TimeUnit.MILLISECONDS);
    }

    private void tryReconnect(int attempt) {
        String t = token;
        if (closed || t == null) {
            return;
        }
        try {
            resume(username, t, advertised);
        } catch (RequestRefused e) {
            if (e.code() == ErrorCode.INVALID_TOKEN) {
                token = null;
                stopHeartbeats();
                setState(State.DISCONNECTED, "session expired: log in again");
            } else {
                scheduleReconnect(attempt + 1);
            }
        } catch (IOException e) {
            scheduleReconnect(attempt + 1);
        }
    }

    private void setState(State s, String reason) {
        if (state != s || s == State.RECONNECTING) {
            state = s;
            listener.stateChanged(s, reason);
        }
    }

    @Override
    public void close() {
        closed = true;
        stopHeartbeats();
        Link l = link;
        if (l != null) {
            l.close();
        }
        state = State.CLOSED;
    }

    /** One TLS connection: a synchronized writer and a virtual reader thread. */
    static final class Link {
        private final LocatorClient owner;
        private final SSLSocket socket;
        private final FrameWriter writer;
        private final Map<String, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
        private volatile boolean open = true;

        private Link(LocatorClient owner, SSLSocket socket) throws IOException {
            this.owner = owner;
            this.socket = socket;
            this.writer = new FrameWriter(socket.getOutputStream(), Limits.DEFAULT, owner.codec);
        }

        static Link open(LocatorClient owner, HostPort server, SSLContext tls) throws IOException {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
            try {
                InetAddress local = owner.options.localAddress();
                if (local != null) {
                    s.bind(new InetSocketAddress(local, 0));
                }
                s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
                s.setTcpNoDelay(true);
                TlsContexts.configureClient(s);
                s.setSoTimeout(15_000);
                s.startHandshake();
                s.setSoTimeout(0);
            } catch (IOException e) {
                s.close();
                throw translate(e, server);
            }
            Link l = new Link(owner, s);
            Thread.ofVirtual().name("locator-link-reader-" + server).start(l::readLoop);
            return l;
        }

        private static IOException translate(IOException e, HostPort server) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FingerprintTrustManager.FingerprintMismatchException m) {
                    return new CertificateChangedException("the locator at " + server + " " + m.getMessage(), e);
                }
            }
            if (e instanceof java.net.ConnectException) {
                return new IOException("cannot reach the locator at " + server + " (" + e.getMessage() + ")", e);
            }
            return e;
        }

        boolean open() {
            return open;
        }

        CompletableFuture<Frame> request(Frame f) {
            CompletableFuture<Frame> reply = new CompletableFuture<>();
            pending.put(f.header().id(), reply);
            try {
                synchronized (writer) {
                    writer.write(f);
                    writer.flush();
                }
            } catch (IOException e) {
                pending.remove(f.header().id());
                reply.completeExceptionally(e);
                close();
            }
            return reply;
        }

        private void readLoop() {
            String reason = "the locator closed the connection";
            try {
                FrameReader reader = new FrameReader(socket.getInputStream(), Limits.DEFAULT, owner.codec);
                Frame f;
                while ((f = reader.read()) != null) {
                    String re = f.header().re();
                    CompletableFuture<Frame> waiter = re == null ? null : pending.remove(re);
                    if (waiter != null) {
                        waiter.complete(f);
                    } else {
                        owner.onPush(f);
                    }
                }
            } catch (IOException e) {
                reason = open ? "lost the locator: " + e.getMessage() : "closed";
            } finally {
                close();
                IOException gone = new IOException(reason);
                pending.values().forEach(p -> p.completeExceptionally(gone));
                pending.clear();
                owner.onLinkLost(this, reason);
            }
        }

        void close() {
            open = false;
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }
}
