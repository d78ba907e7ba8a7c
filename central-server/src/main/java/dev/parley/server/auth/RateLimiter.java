package dev.parley.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters per (policy, key), on an injected clock. A key is blocked once it has
 * used up its window's allowance, until the window ends.
 */
public final class RateLimiter {

    /** The numbers of one policy; {@link #defaults()} takes them from {@link RateLimitPolicy}. */
    public record Limit(int max, Duration window) {
    }

    private record Key(RateLimitPolicy policy, String key) {
    }

    private static final class Window {
        long start;
        int count;
    }

    private final Clock clock;
    private final Map<RateLimitPolicy, Limit> limits;
    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(Clock clock, Map<RateLimitPolicy, Limit> limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = new EnumMap<>(defaults());
        this.limits.putAll(limits);
    }

    public static Map<RateLimitPolicy, Limit> defaults() {
        Map<RateLimitPolicy, Limit> m = new EnumMap<>(RateLimitPolicy.class);
        for (RateLimitPolicy p : RateLimitPolicy.values()) {
            m.put(p, new Limit(p.max(), p.window()));
        }
        return m;
    }

    /** Milliseconds until {@code key} may try again under {@code policy}; 0 when it may now. */
    public long retryAfterMillis(RateLimitPolicy policy, String key) {
        Window w = windows.get(new Key(policy, key));
        if (w == null) {
            return 0;
        }
        Limit limit = limits.get(policy);
        long now = clock.millis();
        synchronized (w) {
            long end = w.start + limit.window().toMillis();
            if (now >= end || w.count < limit.max()) {
                return 0;
            }
            return end - now;
        }
    }

    public void record(RateLimitPolicy policy, String key) {
        long now = clock.millis();
        long length = limits.get(policy).window().toMillis();
        Window w = windows.computeIfAbsent(new Key(policy, key), k -> new Window());
        synchronized (w) {
            if (w.count == 0 || now >= w.start + length) {
                w.start = now;
                w.count = 0;
            }
            w.count++;
        }
    }

    public void reset(RateLimitPolicy policy, String key) {
        windows.remove(new Key(policy, key));
    }

    /** Forgets windows that have ended, so the map holds only recent offenders. */
    public void purge() {
        long now = clock.millis();
        windows.entrySet().removeIf(e -> {
            long length = limits.get(e.getKey().policy()).window().toMillis();
            synchronized (e.getValue()) {
                return now >= e.getValue().start + length;
            }
        });
    }
}
