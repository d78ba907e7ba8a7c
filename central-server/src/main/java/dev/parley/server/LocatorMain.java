package dev.parley.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./parley locator}: runs a locator until SIGTERM / Ctrl+C. */
@Command(name = "locator", mixinStandardHelpOptions = true,
        description = "Runs the Parley locator: accounts, presence, friends and address lookup.")
public final class LocatorMain implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(LocatorMain.class);

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "0.0.0.0";

    @Option(names = "--port", description = "Port to listen on; 0 takes a free one (default: ${DEFAULT-VALUE}).")
    int port = LocatorConfig.DEFAULT_PORT;

    @Option(names = "--data-dir", description = "Where the database and the locator's key live (default: ${DEFAULT-VALUE}).")
    Path dataDir = defaultDataDir();

    @Option(names = "--heartbeat-timeout", description = "Seconds of silence before a client is offline (default: ${DEFAULT-VALUE}).")
    int heartbeatTimeoutSeconds = 15;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocatorMain()).execute(args));
    }

    /** {@code $XDG_DATA_HOME/parley/locator}, else {@code ~/.local/share/parley/locator}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("parley").resolve("locator");
    }

    @Override
    public Integer call() throws Exception {
        Duration heartbeat = Duration.ofSeconds(heartbeatTimeoutSeconds);
        LocatorConfig config = LocatorConfig.defaults(host, port, dataDir)
                .withTimeouts(heartbeat, heartbeat.plusSeconds(5));
        Locator locator = Locator.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            locator.close();
            System.out.println("locator stopped");
            System.out.flush();
            stopped.countDown();
        }, "locator-shutdown"));
        System.out.println("locator listening on " + host + ":" + locator.address().getPort()
                + " fingerprint " + locator.fingerprint());
        System.out.flush();
        log.info("TLS 1.3 engine: {}", locator.tlsEngine());
        stopped.await();
        return 0;
    }
}
