package dev.parley.server;

import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Register;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.auth.Argon2Params;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts real locators on 127.0.0.1 with a real SQLite file, and logs clients into them. */
final class LocatorFixture implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";

    private final List<AutoCloseable> open = new ArrayList<>();
    final Path dataDir;

    LocatorFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    static LocatorConfig config(Path dataDir) {
        return LocatorConfig.defaults("127.0.0.1", 0, dataDir)
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS)
                .withTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(20));
    }

    Locator start(LocatorConfig config, Clock clock) throws Exception {
        Locator l = Locator.start(config, clock);
        open.add(l);
        return l;
    }

    Locator start() throws Exception {
        return start(config(dataDir), Clock.systemUTC());
    }

    TestClient connect(Locator l) throws Exception {
        TestClient c = new TestClient(l);
        open.add(c);
        return c;
    }

    /** Registers {@code user} (ignoring "taken") and returns a logged-in client. */
    TestClient user(Locator l, String user) throws Exception {
        TestClient c = connect(l);
        c.request(Command.REGISTER, new Register(user, PASSWORD));
        c.ok(Command.LOGIN, new Login(user, PASSWORD, 40000, null, null, null), Welcome.class);
        return c;
    }

    /** Makes a and b friends through requests and an accept. */
    static void befriend(TestClient a, String aName, TestClient b, String bName) throws Exception {
        a.ok(Command.FRIEND_REQUEST, new dev.parley.protocol.locator.LocatorMessages.FriendRequest(bName, "hi", null), Object.class);
        b.push(Command.FRIEND_REQUEST, Object.class);
        b.ok(Command.FRIEND_ACCEPT, new dev.parley.protocol.locator.LocatorMessages.UserRef(aName), Object.class);
        a.push(Command.FRIEND_ACCEPT, Object.class);
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
