package dev.parley.app.ui;

import dev.parley.app.core.Messenger;
import dev.parley.app.locator.HostPort;
import dev.parley.server.Locator;
import java.util.Optional;

/** The client core signed in (or about to sign in) to one server, and the locator this app hosts, if any. */
record Session(HostPort server, Messenger messenger, Optional<Locator> hosted) implements AutoCloseable {

    @Override
    public void close() {
        messenger.close();
        hosted.ifPresent(Locator::close);
    }
}
