package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Header;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Notice;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.Register;
import dev.parley.protocol.locator.LocatorMessages.Resume;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.auth.RateLimitPolicy;
import dev.parley.server.auth.RateLimiter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Register, login, resume, replace and rate limits against a real locator over TLS. */
class LocatorAccountsTest {

    @TempDir
    Path dir;
    LocatorFixture fx;

    @BeforeEach
    void setUp() {
        fx = new LocatorFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void registerThenLoginAndClearErrorsForEveryBadCase() throws Exception {
        Locator l = fx.start();
        TestClient c = fx.connect(l);
        assertThat(c.ok(Command.REGISTER, new Register("Alice", "correct horse"), Map.class))
                .containsEntry("username", "alice");

        c.error(Command.REGISTER, new Register("ALICE", "another password"), ErrorCode.USERNAME_TAKEN);
        assertThat(c.error(Command.REGISTER, new Register("al", "long enough"), ErrorCode.INVALID_USERNAME).error())
                .contains("3-32 characters");
        c.error(Command.REGISTER, new Register("bad name!", "long enough"), ErrorCode.INVALID_USERNAME);
        assertThat(c.error(Command.REGISTER, new Register("bob", "short"), ErrorCode.WEAK_PASSWORD).error())
                .isEqualTo("password must be at least 8 characters, was 5");

        c.error(Command.LOGIN, new Login("alice", "wrong password", 0, null, null, null), ErrorCode.WRONG_PASSWORD);
        c.error(Command.LOGIN, new Login("nobody", "whatever1", 0, null, null, null), ErrorCode.NO_SUCH_USER);
        c.error(Command.FRIENDS, Map.of(), ErrorCode.NOT_LOGGED_IN);

        Welcome w = c.ok(Command.LOGIN, new Login("ALICE", "correct horse", 4000, null, null, null), Welcome.class);
        assertThat(w.username()).isEqualTo("alice");
        assertThat(w.token()).hasSizeGreaterThan(40);
        assertThat(w.roster().friends()).isEmpty();
        assertThat(l.onlineCount()).isEqualTo(1);
    }

    @Test
    void resumeTokenWorksAfterALocatorRestartWithoutThePassword() throws Exception {
        Locator first = fx.start();
        String fingerprint = first.fingerprint();
        TestClient c = fx.connect(first);
        c.ok(Command.REGISTER, new Register("carol", LocatorFixture.PASSWORD), Map.class);
        String token = c.ok(Command.LOGIN, new Login("carol", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class).token();
        first.close();
        assertThat(c.closedWithin(Duration.ofSeconds(5))).isNotNull();

        Locator second = fx.start();
        assertThat(second.fingerprint()).as("the locator keeps its key across restarts").isEqualTo(fingerprint);
        TestClient again = fx.connect(second);
        Welcome w = again.ok(Command.RESUME, new Resume("carol", token, 0, null, null, Presence.AWAY), Welcome.class);
        assertThat(w.username()).isEqualTo("carol");
        assertThat(w.token()).isEqualTo(token);

        TestClient forger = fx.connect(second);
        forger.error(Command.RESUME, new Resume("carol", "not-a-token", 0, null, null, null), ErrorCode.INVALID_TOKEN);
        forger.error(Command.RESUME, new Resume("dave", token, 0, null, null, null), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void logoutRevokesTheToken() throws Exception {
        Locator l = fx.start();
        TestClient c = fx.connect(l);
        c.ok(Command.REGISTER, new Register("erin", LocatorFixture.PASSWORD), Map.class);
        String token = c.ok(Command.LOGIN, new Login("erin", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class).token();
        c.ok(Command.LOGOUT, Map.of(), Map.class);
        assertThat(l.onlineCount()).isZero();
        c.error(Command.RESUME, new Resume("erin", token, 0, null, null, null), ErrorCode.INVALID_TOKEN);
    }

    @Test
    void aSecondLoginReplacesTheFirstSessionAndTellsItWhy() throws Exception {
        Locator l = fx.start();
        TestClient first = fx.user(l, "frank");
        TestClient second = fx.connect(l);
        second.ok(Command.LOGIN, new Login("frank", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class);
        Notice n = first.push(Command.SESSION_REPLACED, Notice.class);
        assertThat(n.reason()).contains("logged in somewhere else");
        assertThat(first.closedWithin(Duration.ofSeconds(5))).isNotNull();
        assertThat(l.onlineCount()).isEqualTo(1);
        second.ok(Command.FRIENDS, Map.of(), Map.class);
    }

    @Test
    void failedLoginsAreRateLimitedPerAccountAndTheClientIsToldWhenToRetry() throws Exception {
        MutableClock clock = new MutableClock(1_000_000);
        Locator l = fx.start(LocatorFixture.config(dir).withRateLimits(
                Map.of(RateLimitPolicy.LOGIN_FAILURES_PER_ACCOUNT, new RateLimiter.Limit(3, Duration.ofMinutes(5)))), clock);
        TestClient c = fx.connect(l);
        c.ok(Command.REGISTER, new Register("gina", LocatorFixture.PASSWORD), Map.class);
        for (int i = 0; i < 3; i++) {
            c.error(Command.LOGIN, new Login("gina", "guess" + i + "xxxx", 0, null, null, null), ErrorCode.WRONG_PASSWORD);
        }
        Header limited = c.error(Command.LOGIN, new Login("gina", LocatorFixture.PASSWORD, 0, null, null, null), ErrorCode.RATE_LIMITED);
        assertThat(limited.retryAfterMs()).isEqualTo(Duration.ofMinutes(5).toMillis());
        assertThat(limited.error()).contains("try again in 300 s");

        clock.advance(Duration.ofMinutes(5));
        c.ok(Command.LOGIN, new Login("gina", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class);
    }

    @Test
    void registrationsAreRateLimitedPerAddress() throws Exception {
        Locator l = fx.start(LocatorFixture.config(dir).withRateLimits(
                Map.of(RateLimitPolicy.REGISTRATIONS_PER_ADDRESS, new RateLimiter.Limit(2, Duration.ofHours(1)))),
                new MutableClock(0));
        TestClient c = fx.connect(l);
        c.ok(Command.REGISTER, new Register("user1", LocatorFixture.PASSWORD), Map.class);
        c.ok(Command.REGISTER, new Register("user2", LocatorFixture.PASSWORD), Map.class);
        assertThat(c.error(Command.REGISTER, new Register("user3", LocatorFixture.PASSWORD), ErrorCode.RATE_LIMITED)
                .retryAfterMs()).isPositive();
    }

    @Test
    void accountsSurviveARestart() throws Exception {
        Locator first = fx.start();
        TestClient c = fx.connect(first);
        c.ok(Command.REGISTER, new Register("henry", LocatorFixture.PASSWORD), Map.class);
        first.close();
        Locator second = fx.start();
        fx.connect(second).ok(Command.LOGIN, new Login("henry", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class);
    }
}
