package dev.parley.server;

import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Payloads;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.auth.RateLimiter;
import dev.parley.server.auth.Tokens;
import dev.parley.server.net.ConnectionServer;
import dev.parley.server.net.ServerTls;
import dev.parley.server.service.AccountService;
import dev.parley.server.service.FriendService;
import dev.parley.server.service.HeartbeatMonitor;
import dev.parley.server.service.LocatorService;
import dev.parley.server.service.Presences;
import dev.parley.server.service.Rosters;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.Database;
import dev.parley.server.store.FriendStore;
import dev.parley.server.store.TokenStore;
import dev.parley.server.tls.TicketKeys;
import dev.parley.server.tls.TlsIdentity;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running locator and the composition root of the central-server: it creates and wires
 * every part with {@code new}. Connections live on the {@link ConnectionServer}'s few I/O
 * threads; one scheduler thread sweeps silent sessions and, once a day, turns the session
 * ticket key ({@link TicketKeys}).
 */
public final class Locator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Locator.class);
    /** How long one key seals session tickets; the key before it still opens them for as long again. */
    static final Duration TICKET_KEY_ROTATION = Duration.ofDays(1);

    private final Database db;
    private final TlsIdentity identity;
    private final Presences presences;
    private final ScheduledExecutorService sweeper;
    private final SslContext tls;
    private final String tlsEngine;
    private final ConnectionServer server;
    private volatile boolean closing;

    private Locator(LocatorConfig config, Clock clock) throws IOException, GeneralSecurityException, SQLException {
        SecureRandom random = new SecureRandom();
        this.db = Database.open(config.databaseFile());
        try {
            this.identity = TlsIdentity.loadOrCreate(config.identityFile(), "parley-locator", random);
            Payloads payloads = new Payloads();
            HeaderCodec codec = new HeaderCodec();
            AccountStore accounts = new AccountStore(db);
            FriendStore friendStore = new FriendStore(db);
            Rosters rosters = new Rosters(friendStore);
            this.presences = new Presences(rosters, payloads);
            RateLimiter limiter = new RateLimiter(clock, config.rateLimits());
            FriendService friends = new FriendService(accounts, friendStore, rosters, presences, payloads, clock);
            AccountService accountService = new AccountService(accounts, new TokenStore(db),
                    new PasswordHasher(config.passwordCost(), random), new Tokens(random), limiter, presences, friends,
                    payloads, clock);
            LocatorService service = new LocatorService(accountService, friends, presences, payloads);
            HeartbeatMonitor monitor = new HeartbeatMonitor(presences, service, limiter, clock, config.heartbeatTimeout());

            TicketKeys tickets = TicketKeys.loadOrCreate(config.ticketKeysFile(), clock, random, TICKET_KEY_ROTATION);
            SslProvider provider = ServerTls.provider();
            this.tls = ServerTls.forIdentity(identity, provider);
            ServerTls.useTicketKeys(tls, tickets.keys());
            this.tlsEngine = provider == SslProvider.JDK ? "the JDK's (BoringSSL did not load)" : "BoringSSL";
            try {
                this.server = new ConnectionServer(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()),
                        tls, service, clock, config.readTimeout(), codec);
            } catch (IOException | RuntimeException e) {
                ReferenceCountUtil.release(tls);
                throw e;
            }

            this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "locator-housekeeping"));
            sweeper.scheduleAtFixedRate(() -> {
                try {
                    monitor.sweep();
                } catch (RuntimeException e) {
                    log.error("heartbeat sweep failed", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
            sweeper.scheduleAtFixedRate(() -> {
                try {
                    if (tickets.rotateIfDue()) {
                        ServerTls.useTicketKeys(tls, tickets.keys());
                    }
                } catch (IOException | RuntimeException e) {
                    log.error("could not make a new session ticket key; the current one stays in use", e);
                }
            }, 1, 1, TimeUnit.HOURS);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens (or creates) the data in {@code config.dataDir()} and starts listening. */
    public static Locator start(LocatorConfig config, Clock clock) throws IOException, GeneralSecurityException, SQLException {
        return new Locator(config, clock);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    /** Which TLS implementation serves the clients, for the operator. */
    public String tlsEngine() {
        return tlsEngine;
    }

    public int onlineCount() {
        return presences.count();
    }

    public int connectionCount() {
        return server.connectionCount();
    }

    /** TLS handshakes completed since start. */
    public long handshakes() {
        return server.handshakes();
    }

    /** Of those, how many resumed a session from a ticket (a client back after a restart or a network drop). */
    public long resumedHandshakes() {
        return server.resumedHandshakes();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        sweeper.shutdownNow();
        log.info("{} TLS handshakes since start, {} of them resumed sessions", server.handshakes(), server.resumedHandshakes());
        server.close();
        ReferenceCountUtil.release(tls);
        try {
            db.close();
        } catch (SQLException e) {
            log.warn("closing the database: {}", e.getMessage());
        }
    }
}
