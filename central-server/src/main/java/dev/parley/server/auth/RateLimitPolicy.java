package dev.parley.server.auth;

import java.time.Duration;

/** What the locator limits, how many events a window allows, and how long the window is. */
public enum RateLimitPolicy {
    /** Wrong passwords for one account, from anywhere: slows guessing one user's password. */
    LOGIN_FAILURES_PER_ACCOUNT(5, Duration.ofMinutes(5)),
    /** Failed logins (any account) from one address: slows spraying many accounts. */
    LOGIN_FAILURES_PER_ADDRESS(30, Duration.ofMinutes(5)),
    /** New accounts from one address. */
    REGISTRATIONS_PER_ADDRESS(20, Duration.ofHours(1)),
    /** Invalid resume tokens from one address. */
    RESUME_FAILURES_PER_ADDRESS(30, Duration.ofMinutes(1));

    private final int max;
    private final Duration window;

    RateLimitPolicy(int max, Duration window) {
        this.max = max;
        this.window = window;
    }

    public int max() {
        return max;
    }

    public Duration window() {
        return window;
    }
}
