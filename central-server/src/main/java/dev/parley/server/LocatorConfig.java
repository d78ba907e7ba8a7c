package dev.parley.server;

import dev.parley.server.auth.Argon2Params;
import dev.parley.server.auth.RateLimitPolicy;
import dev.parley.server.auth.RateLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a locator needs to start.
 *
 * @param heartbeatTimeout a logged-in client silent this long is offline
 * @param readTimeout      a connection that completes no frame for this long is closed
 *                         (also catches a half-sent frame); must exceed the heartbeat interval
 * @param passwordCost     Argon2id cost of new hashes: {@link Argon2Params#DEFAULT} except in tests
 */
public record LocatorConfig(String host, int port, Path dataDir, Duration heartbeatTimeout, Duration readTimeout,
                            Map<RateLimitPolicy, RateLimiter.Limit> rateLimits, Argon2Params passwordCost) {

    public static final int DEFAULT_PORT = 7461;

    public LocatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("heartbeatTimeout must be positive, was " + heartbeatTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        rateLimits = Map.copyOf(rateLimits);
        Objects.requireNonNull(passwordCost, "passwordCost");
    }

    /** Production defaults for a locator on {@code host:port} keeping its files in {@code dataDir}. */
    public static LocatorConfig defaults(String host, int port, Path dataDir) {
        return new LocatorConfig(host, port, dataDir, Duration.ofSeconds(15), Duration.ofSeconds(20),
                Map.of(), Argon2Params.DEFAULT);
    }

    public LocatorConfig withTimeouts(Duration heartbeat, Duration read) {
        return new LocatorConfig(host, port, dataDir, heartbeat, read, rateLimits, passwordCost);
    }

    public LocatorConfig withRateLimits(Map<RateLimitPolicy, RateLimiter.Limit> limits) {
        return new LocatorConfig(host, port, dataDir, heartbeatTimeout, readTimeout, limits, passwordCost);
    }

    public LocatorConfig withPasswordCost(Argon2Params cost) {
        return new LocatorConfig(host, port, dataDir, heartbeatTimeout, readTimeout, rateLimits, cost);
    }

    public LocatorConfig withPort(int newPort) {
        return new LocatorConfig(host, newPort, dataDir, heartbeatTimeout, readTimeout, rateLimits, passwordCost);
    }

    public Path databaseFile() {
        return dataDir.resolve("locator.db");
    }

    public Path ticketKeysFile() {
        return dataDir.resolve("locator-ticket-keys");
    }

    public Path identityFile() {
        return dataDir.resolve("locator-identity.p12");
    }
}
