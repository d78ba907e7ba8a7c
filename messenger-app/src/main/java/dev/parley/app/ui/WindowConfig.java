package dev.parley.app.ui;

import dev.parley.app.core.Messenger;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the window is started with.
 *
 * @param server        the locator given on the command line (null: the last one used, else {@code localServer})
 * @param localServer   "this computer": where the embedded locator answers or is started
 * @param idleAfter     no input this long sets the status to away
 * @param openLink      opens a clicked link in the browser
 */
public record WindowConfig(AppHome home, Profile profile, String server, HostPort localServer, Messenger.Options options,
                           Duration idleAfter, Consumer<String> openLink) {
}
