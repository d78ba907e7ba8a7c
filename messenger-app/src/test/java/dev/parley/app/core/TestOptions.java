package dev.parley.app.core;

import dev.parley.app.locator.Backoff;
import dev.parley.app.locator.LocatorClient;
import dev.parley.app.peer.LinkManager;
import java.time.Duration;

/** Client options for tests: loopback only, short timers, quick redials. */
public final class TestOptions {

    public static final Messenger.Options FAST = Messenger.Options.DEFAULT
            .withListen("127.0.0.1", 0, null)
            .withLinks(new LinkManager.Options(Duration.ofMillis(300), Duration.ofMillis(1500), Duration.ofMillis(200),
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))))
            .withLocator(new LocatorClient.Options(Duration.ofSeconds(5), Duration.ofSeconds(1),
                    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))));

    private TestOptions() {
    }
}
