package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void blocksAfterTheAllowanceUntilTheWindowEnds() {
        MutableClock clock = new MutableClock(0);
        RateLimiter r = new RateLimiter(clock, Map.of(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT,
                new RateLimiter.Limit(2, Duration.ofSeconds(60))));
        String k = "alice";
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k)).isZero();
        r.record(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k);
        clock.advance(Duration.ofSeconds(10));
        r.record(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k);
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k)).isEqualTo(50_000);
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, "bob")).isZero();
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ADDRESS, k)).isZero();
        clock.advance(Duration.ofSeconds(50));
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k)).isZero();
        r.purge();
        r.record(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k);
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, k)).isZero();
    }

    @Test
    void resetForgivesAnAccount() {
        RateLimiter r = new RateLimiter(new MutableClock(0), Map.of());
        for (int i = 0; i < RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT.max(); i++) {
            r.record(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, "a");
        }
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, "a")).isPositive();
        r.reset(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, "a");
        assertThat(r.retryAfterMillis(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, "a")).isZero();
    }

    @Test
    void passwordHashesVerifyWithTheirOwnParametersAndNeverContainThePassword() {
        PasswordHasher strong = new PasswordHasher(Argon2Params.DEFAULT, new SecureRandom());
        String h = strong.hash("correct horse");
        assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
        PasswordHasher cheap = new PasswordHasher(Argon2Params.CHEAP_FOR_TESTS, new SecureRandom());
        assertThat(cheap.verify("correct horse", h)).as("verification reads the stored cost").isTrue();
        assertThat(cheap.verify("correct horsf", h)).isFalse();
        assertThat(cheap.verify("x", "$bcrypt$nonsense")).isFalse();
        assertThat(cheap.hash("same")).isNotEqualTo(cheap.hash("same"));
    }

    @Test
    void usernameAndPasswordRules() {
        assertThat(Credentials.normalize("  Alice.B-1 ")).isEqualTo("alice.b-1");
        assertThat(Credentials.validUsername("ab")).isFalse();
        assertThat(Credentials.validUsername("a".repeat(33))).isFalse();
        assertThat(Credentials.validUsername("a".repeat(32))).isTrue();
        assertThat(Credentials.validUsername("ali/ce")).isFalse();
        assertThat(Credentials.passwordProblem("1234567")).contains("password must be at least 8 characters, was 7");
        assertThat(Credentials.passwordProblem("密码密码密码密码")).isEmpty();
    }
}
