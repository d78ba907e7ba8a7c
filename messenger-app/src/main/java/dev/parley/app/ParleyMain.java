package dev.parley.app;

import dev.parley.app.profile.DeviceChoice;
import dev.parley.app.cli.EventPrinter;
import dev.parley.app.cli.TerminalClient;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.app.ui.DesktopMain;
import dev.parley.app.ui.WindowConfig;
import java.time.Duration;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import dev.parley.app.core.Messenger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./parley app} (the window; the terminal client when there is no display) and
 * {@code ./parley cli}: the composition root of the client.
 */
@Command(name = "parley", mixinStandardHelpOptions = true, description = "The Parley messenger.")
public final class ParleyMain implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", description = "app or cli")
    String mode;

    @Option(names = "--home", description = "Directory holding every profile's data (default: ~/.local/share/parley).")
    Path home;

    @Option(names = "--profile", description = "Profile to use (default: ${DEFAULT-VALUE}).")
    String profileName = "default";

    @Option(names = "--server", description = "Locator HOST:PORT (default: the last one used, else this computer's, hosted by the app if none runs).")
    String server;

    @Option(names = "--json", description = "Print one JSON object per event, for scripts.")
    boolean json;

    @Option(names = "--listen", description = "HOST:PORT where friends' direct links come in (default: 0.0.0.0:0, any free port).")
    String listen = "0.0.0.0:0";

    @Option(names = "--advertise", description = "Host friends should dial (default: the address the locator sees).")
    String advertise;

    @Option(names = "--downloads", description = "Folder where accepted files go (default: the last one chosen, else ~/Downloads).")
    java.nio.file.Path downloads;

    @Option(names = "--camera", description = "Camera to use in calls, by name, or 'synthetic' for a test pattern (default: the last one chosen, else the first found).")
    String camera;

    @Option(names = "--microphone", description = "Microphone to use in calls, by name, or 'synthetic' for a generated voice (default: the last one chosen, else the first found).")
    String microphone;

    @Option(names = "--speaker", description = "Speaker to use in calls, by name, or 'synthetic' to count sound instead of playing it (default: the last one chosen, else the first found).")
    String speaker;

    @Option(names = "--idle-minutes", description = "Minutes without input before the window sets you away (default: ${DEFAULT-VALUE}).")
    int idleMinutes = 10;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ParleyMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("app") && !mode.equals("cli")) {
            System.err.println("parley: unknown mode '" + mode + "' (app or cli)");
            return 2;
        }
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EventPrinter out = new EventPrinter(stdout, json);
        AppHome appHome = home != null ? new AppHome(home) : AppHome.defaultHome();
        Profile profile;
        try {
            profile = appHome.profile(profileName);
        } catch (IllegalArgumentException e) {
            out.error(e.getMessage());
            return 2;
        }
        int colon = listen.lastIndexOf(':');
        String listenHost = colon < 0 ? "0.0.0.0" : listen.substring(0, colon);
        int listenPort;
        try {
            listenPort = Integer.parseInt(colon < 0 ? listen : listen.substring(colon + 1));
            if (listenPort < 0 || listenPort > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            out.error("--listen must be HOST:PORT with a port from 0 to 65535 (0: any free port), not " + listen);
            return 2;
        }
        Messenger.Options options = Messenger.Options.DEFAULT.withListen(listenHost, listenPort, advertise);
        if (downloads != null) {
            // Remembered: the window and the next start use it too.
            profile.setting("downloads", downloads.toAbsolutePath().toString());
        }
        DeviceChoice.remember(profile, camera, microphone, speaker);
        if (mode.equals("app")) {
            if (DesktopMain.hasDisplay()) {
                DesktopMain.run(new WindowConfig(appHome, profile, server,
                        new HostPort(LocalLocator.HOST, LocatorConfig.DEFAULT_PORT), options,
                        Duration.ofMinutes(Math.max(1, idleMinutes)), DesktopMain::openInBrowser));
                return 0;
            }
            out.event("info", "no display (DISPLAY is not set), so the terminal client opens instead of the window");
        }
        HostPort target;
        Optional<Locator> hosted = Optional.empty();
        String configured = server != null ? server : profile.setting("server").orElse(null);
        if (configured != null && !(server == null && isLocal(configured))) {
            target = HostPort.parse(configured, LocatorConfig.DEFAULT_PORT);
        } else {
            target = new HostPort(LocalLocator.HOST, LocatorConfig.DEFAULT_PORT);
            hosted = LocalLocator.ensure(appHome, target.port());
            hosted.ifPresent(l -> out.event("info", "no locator was running here, so this app hosts one on " + target
                    + " (fingerprint " + l.fingerprint() + ")", "hosting", target.toString(), "fingerprint", l.fingerprint()));
        }

        ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui-printer"));
        TerminalClient terminal = new TerminalClient(out, profile);
        try (Messenger messenger = Messenger.open(profile.dir(), target, profile.knownLocators().trustFor(target), ui,
                terminal, options)) {
            terminal.attach(messenger);
            profile.setting("downloads").ifPresent(d -> messenger.setDownloads(java.nio.file.Path.of(d)));
            messenger.setDevices(DeviceChoice.of(profile));
            out.event("info", "profile " + profile.name() + " takes direct links on port " + messenger.listenPort()
                    + " with key " + messenger.fingerprint(), "port", messenger.listenPort(), "fingerprint", messenger.fingerprint());
            try {
                messenger.locator().connect();
                terminal.resumeSaved();
            } catch (java.io.IOException e) {
                out.error(e.getMessage());
                return 1;
            }
            terminal.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        } finally {
            ui.shutdown();
            ui.awaitTermination(2, TimeUnit.SECONDS);
            hosted.ifPresent(Locator::close);
        }
        return 0;
    }

    private static boolean isLocal(String hostPort) {
        return hostPort.equals(LocalLocator.HOST + ":" + LocatorConfig.DEFAULT_PORT);
    }
}
