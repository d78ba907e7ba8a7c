package dev.parley.server.service;

import dev.parley.protocol.RequestRefused;
import static dev.parley.server.auth.RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT;
import static dev.parley.server.auth.RateLimitPolicy.LOGIN_FAILURES_PER_ADDRESS;
import static dev.parley.server.auth.RateLimitPolicy.REGISTRATIONS_PER_ADDRESS;
import static dev.parley.server.auth.RateLimitPolicy.RESUME_FAILURES_PER_ADDRESS;

import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fingerprint;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Notice;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.Register;
import dev.parley.protocol.locator.LocatorMessages.Resume;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.auth.Credentials;
import dev.parley.server.auth.PasswordHasher;
import dev.parley.server.auth.RateLimitPolicy;
import dev.parley.server.auth.RateLimiter;
import dev.parley.server.auth.Tokens;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.TokenStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** REGISTER, LOGIN, RESUME and LOGOUT: accounts, password checks, resume tokens, rate limits. */
public final class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    /** A resume token stops working this long after the LOGIN that issued it. */
    public static final Duration TOKEN_LIFETIME = Duration.ofDays(30);

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final PasswordHasher hasher;
    private final Tokens tokenFactory;
    private final RateLimiter limiter;
    private final Presences presences;
    private final FriendService friends;
    private final Payloads payloads;
    private final Clock clock;

    public AccountService(AccountStore accounts, TokenStore tokens, PasswordHasher hasher, Tokens tokenFactory,
                          RateLimiter limiter, Presences presences, FriendService friends, Payloads payloads, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.tokenFactory = Objects.requireNonNull(tokenFactory, "tokenFactory");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.presences = Objects.requireNonNull(presences, "presences");
        this.friends = Objects.requireNonNull(friends, "friends");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Map<String, Object> register(Peer peer, Register r) throws RequestRefused, SQLException {
        String username = Credentials.normalize(r.username());
        if (!Credentials.validUsername(username)) {
            throw new RequestRefused(ErrorCode.INVALID_USERNAME,
                    "username '" + r.username() + "' is not allowed: use " + Credentials.USERNAME_RULE);
        }
        Optional<String> problem = Credentials.passwordProblem(r.password());
        if (problem.isPresent()) {
            throw new RequestRefused(ErrorCode.WEAK_PASSWORD, problem.get());
        }
        checkLimit(REGISTRATIONS_PER_ADDRESS, peer.remoteHost(), "too many new accounts from this address");
        if (accounts.exists(username)) {
            throw new RequestRefused(ErrorCode.USERNAME_TAKEN, "username '" + username + "' is taken");
        }
        if (!accounts.create(username, hasher.hash(r.password()), clock.millis())) {
            throw new RequestRefused(ErrorCode.USERNAME_TAKEN, "username '" + username + "' is taken");
        }
        limiter.record(REGISTRATIONS_PER_ADDRESS, peer.remoteHost());
        log.info("registered {} from {}", username, peer.remoteHost());
        return Map.of("username", username);
    }

    public Welcome login(Peer peer, Login l) throws RequestRefused, SQLException {
        String username = Credentials.normalize(l.username());
        String address = peer.remoteHost();
        checkLimit(LOGIN_FAILURES_PER_ACCOUNT, username, "too many failed logins for " + username);
        checkLimit(LOGIN_FAILURES_PER_ADDRESS, address, "too many failed logins from this address");
        Optional<String> hash = Credentials.validUsername(username) ? accounts.passwordHash(username) : Optional.empty();
        if (hash.isEmpty()) {
            limiter.record(LOGIN_FAILURES_PER_ADDRESS, address);
            throw new RequestRefused(ErrorCode.NO_SUCH_USER, "no such user '" + username + "'");
        }
        if (l.password() == null || !hasher.verify(l.password(), hash.get())) {
            limiter.record(LOGIN_FAILURES_PER_ACCOUNT, username);
            limiter.record(LOGIN_FAILURES_PER_ADDRESS, address);
            throw new RequestRefused(ErrorCode.WRONG_PASSWORD, "wrong password for " + username);
        }
        limiter.reset(LOGIN_FAILURES_PER_ACCOUNT, username);
        String token = tokenFactory.newToken();
        String tokenHash = Tokens.hash(token);
        tokens.save(tokenHash, username, clock.millis());
        return establish(peer, username, token, tokenHash, l.listenHost(), l.listenPort(), l.fingerprint(), l.status());
    }

    public Welcome resume(Peer peer, Resume r) throws RequestRefused, SQLException {
        String address = peer.remoteHost();
        checkLimit(RESUME_FAILURES_PER_ADDRESS, address, "too many invalid resume tokens from this address");
        String tokenHash = r.token() == null ? "" : Tokens.hash(r.token());
        Optional<TokenStore.Issued> issued = tokens.find(tokenHash);
        String claimed = Credentials.normalize(r.username());
        if (issued.isEmpty() || (!claimed.isEmpty() && !claimed.equals(issued.get().username()))) {
            limiter.record(RESUME_FAILURES_PER_ADDRESS, address);
            throw new RequestRefused(ErrorCode.INVALID_TOKEN, "resume token not recognised: log in with your password");
        }
        if (clock.millis() - issued.get().issuedAt() > TOKEN_LIFETIME.toMillis()) {
            tokens.revoke(tokenHash);
            throw new RequestRefused(ErrorCode.INVALID_TOKEN, "resume token expired: log in with your password");
        }
        return establish(peer, issued.get().username(), r.token(), tokenHash, r.listenHost(), r.listenPort(),
                r.fingerprint(), r.status());
    }

    public void logout(Peer peer) throws SQLException {
        OnlineSession s = peer.session();
        if (s == null) {
            return;
        }
        peer.session(null);
        if (s.tokenHash() != null) {
            tokens.revoke(s.tokenHash());
        }
        presences.remove(s);
        log.info("{} logged out", s.username());
    }

    private Welcome establish(Peer peer, String username, String token, String tokenHash, String listenHost,
                              int listenPort, String fingerprint, Presence status) throws RequestRefused, SQLException {
        if (listenPort < 0 || listenPort > 65535) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "listenPort must be 0-65535, was " + listenPort);
        }
        if (fingerprint != null && !Fingerprint.isValid(fingerprint)) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST, "fingerprint must look like SHA256:<64 hex digits>");
        }
        Presence initial = status == Presence.AWAY ? Presence.AWAY : Presence.ONLINE;
        String host = listenHost == null || listenHost.isBlank() ? peer.remoteHost() : listenHost;
        OnlineSession old = peer.session();
        OnlineSession session = new OnlineSession(username, peer, tokenHash, host, listenPort, fingerprint, initial);
        peer.session(session);
        if (old != null && !old.username().equals(username)) {
            presences.remove(old);
        }
        OnlineSession replaced = presences.put(session);
        if (replaced != null && replaced.peer() != peer) {
            replaced.peer().session(null);
            replaced.peer().send(payloads.frame(Header.command(Command.SESSION_REPLACED, null, 0),
                    new Notice("you logged in somewhere else; this session was closed")));
            replaced.peer().closeAfterFlush("session of " + username + " replaced by a newer login");
        }
        return new Welcome(username, token, friends.roster(username));
    }

    private void checkLimit(RateLimitPolicy policy, String key, String what) throws RequestRefused {
        long wait = limiter.retryAfterMillis(policy, key);
        if (wait > 0) {
            long seconds = (wait + 999) / 1000;
            throw new RequestRefused(ErrorCode.RATE_LIMITED, what + ": try again in " + seconds + " s", wait);
        }
    }
}
