package dev.parley.server;

import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Payloads;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.auth.RateLimiter;
import dev.parley.server.auth.Tokens;
import dev.parley.server.net.ClientConnection;
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
import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running locator and the composition root of the central-server: it creates and wires
 * every part with {@code new}. One platform thread accepts; each connection gets a virtual
 * reader and writer thread; one scheduler thread sweeps silent sessions.
 */
public final class Locator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Locator.class);

    private final Database db;
    private final TlsIdentity identity;
    private final SSLServerSocket server;
    private final Presences presences;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;
    private final Thread acceptor;
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

            SSLContext ctx = TlsContexts.server(identity, random);
            this.server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            server.setEnabledProtocols(TlsContexts.PROTOCOLS);
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 4096);

            this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "locator-heartbeat-sweeper"));
            sweeper.scheduleAtFixedRate(() -> {
                try {
                    monitor.sweep();
                } catch (RuntimeException e) {
                    log.error("heartbeat sweep failed", e);
                }
            }, 1, 1, TimeUnit.SECONDS);
            this.acceptor = new Thread(() -> acceptLoop(service, clock, config, codec), "locator-acceptor");
            acceptor.start();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens (or creates) the data in {@code config.dataDir()} and starts listening. */
    public static Locator start(LocatorConfig config, Clock clock) throws IOException, GeneralSecurityException, SQLException {
        return new Locator(config, clock);
    }

    private void acceptLoop(LocatorService service, Clock clock, LocatorConfig config, HeaderCodec codec) {
        while (!closing) {
            try {
                SSLSocket socket = (SSLSocket) server.accept();
                socket.setTcpNoDelay(true);
                ClientConnection[] self = new ClientConnection[1];
                ClientConnection c = new ClientConnection(socket, service, clock, config.readTimeout(), codec,
                        () -> connections.remove(self[0]));
                self[0] = c;
                connections.add(c);
                Thread.ofVirtual().name("locator-reader-" + socket.getInetAddress().getHostAddress() + ":" + socket.getPort())
                        .start(c);
            } catch (SocketException e) {
                if (!closing) {
                    log.error("accept failed", e);
                }
            } catch (IOException e) {
                log.warn("accept failed: {}", e.getMessage());
            }
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public String fingerprint() {
        return identity.fingerprint();
    }

    public int onlineCount() {
        return presences.count();
    }

    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
        sweeper.shutdownNow();
        for (ClientConnection c : connections) {
            c.shutdown();
        }
        try {
            acceptor.join(2000);
            db.close();
        } catch (SQLException e) {
            log.warn("closing the database: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
