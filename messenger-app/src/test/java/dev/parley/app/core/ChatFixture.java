package dev.parley.app.core;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.HostPort;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.peer.LinkManager;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real locator on 127.0.0.1 and real clients, each with its own profile directory. */
final class ChatFixture implements AutoCloseable {

    static final Messenger.Options FAST = TestOptions.FAST;

    final Path dir;
    final AppHome home;
    Locator locator;
    HostPort server;
    private final List<AutoCloseable> open = new ArrayList<>();

    ChatFixture(Path dir) throws Exception {
        this.dir = dir;
        this.home = new AppHome(dir.resolve("home"));
        startLocator(0);
    }

    void startLocator(int port) throws Exception {
        locator = Locator.start(LocatorConfig.defaults("127.0.0.1", port, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS), Clock.systemUTC());
        server = new HostPort("127.0.0.1", locator.address().getPort());
    }

    /** A client with its own UI thread, as the app has. */
    final class Client implements AutoCloseable {
        final String name;
        final Recorder events = new Recorder();
        final ExecutorService ui;
        final Messenger messenger;

        Client(String name) throws Exception {
            this.name = name;
            Profile p = home.profile(name);
            this.ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui-" + name));
            this.messenger = Messenger.open(p.dir(), server, p.knownLocators().trustFor(server), ui, events, FAST);
        }

        @Override
        public void close() {
            messenger.close();
            ui.shutdownNow();
        }
    }

    Client client(String name) throws Exception {
        Client c = new Client(name);
        open.add(c);
        return c;
    }

    /** Registers and logs in. */
    Client user(String name) throws Exception {
        Client c = client(name);
        c.messenger.register(name, "password-" + name);
        c.messenger.login(name, "password-" + name);
        return c;
    }

    static void befriend(Client a, Client b) throws Exception {
        a.messenger.locator().call(Command.FRIEND_REQUEST, new FriendRequest(b.name, null, null), Map.class);
        b.messenger.locator().call(Command.FRIEND_ACCEPT, new UserRef(a.name), Friend.class);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (locator != null) {
            locator.close();
        }
    }
}
