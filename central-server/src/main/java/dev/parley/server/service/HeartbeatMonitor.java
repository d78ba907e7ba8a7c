package dev.parley.server.service;

import dev.parley.server.auth.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Marks offline every session silent for longer than the heartbeat timeout; forgets old rate-limit windows. */
public final class HeartbeatMonitor {

    private final Presences presences;
    private final LocatorService service;
    private final RateLimiter limiter;
    private final Clock clock;
    private final Duration timeout;

    public HeartbeatMonitor(Presences presences, LocatorService service, RateLimiter limiter, Clock clock, Duration timeout) {
        this.presences = Objects.requireNonNull(presences, "presences");
        this.service = Objects.requireNonNull(service, "service");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** One pass; returns how many sessions it expired. Runs every second on the locator's sweeper thread. */
    public int sweep() {
        long now = clock.millis();
        int expired = 0;
        for (OnlineSession s : presences.all()) {
            long silent = now - s.peer().lastSeenMillis();
            if (silent > timeout.toMillis()) {
                service.expire(s, silent);
                expired++;
            }
        }
        limiter.purge();
        return expired;
    }
}
