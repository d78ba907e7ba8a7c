package dev.parley.app;

import dev.parley.app.profile.AppHome;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.Optional;

/**
 * The newcomer's default: when no server is configured, use the locator on this computer, and
 * host one inside the app when none answers, so two windows on one machine can chat with nothing
 * else set up.
 */
public final class LocalLocator {

    public static final String HOST = "127.0.0.1";

    private LocalLocator() {
    }

    /** A locator hosted by this process, or empty when one already answers on {@code port}. */
    public static Optional<Locator> ensure(AppHome home, int port) throws Exception {
        if (answers(port)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Locator.start(LocatorConfig.defaults(HOST, port, home.embeddedLocatorDir()), Clock.systemUTC()));
        } catch (BindException e) {
            // another app started one at the same moment
            if (answers(port)) {
                return Optional.empty();
            }
            throw new IOException("port " + port + " is taken by something that is not a Parley locator", e);
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
