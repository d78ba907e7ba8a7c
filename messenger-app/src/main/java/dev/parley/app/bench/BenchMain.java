package dev.parley.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./parley bench [NAME...]}: runs benchmarks, one JSON object per result line on stdout. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs Parley's benchmarks; results are JSON lines on stdout, progress on stderr.")
public final class BenchMain implements Callable<Integer> {

    static final List<String> AVAILABLE = List.of("locator", "text", "router", "ui", "file", "call");

    @Parameters(description = "Benchmarks to run (default: all): ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    List<String> names = new ArrayList<>();

    @Option(names = "--sessions", description = "locator: logged-in clients to hold (default: ${DEFAULT-VALUE}; one process holds at most ~19,900 sockets).")
    int sessions = 19_000;

    @Option(names = "--hold", description = "locator: seconds to hold the sessions heartbeating (default: ${DEFAULT-VALUE}).")
    int holdSeconds = 60;

    @Option(names = "--text-seconds", description = "text: seconds of 1,000 messages/s for the round-trip measure (default: ${DEFAULT-VALUE}).")
    int textSeconds = 30;

    @Option(names = "--ui-rate", description = "ui: messages per second a friend sends into the open conversation (default: ${DEFAULT-VALUE}).")
    int uiRate = 1000;

    @Option(names = "--ui-seconds", description = "ui: seconds of that stream (default: ${DEFAULT-VALUE}).")
    int uiSeconds = 10;

    @Option(names = "--file-mib", description = "file: size of the test file in MiB (default: ${DEFAULT-VALUE}).")
    int fileMib = 2048;

    @Option(names = "--call-seconds", description = "call: length of the measured video call in seconds (default: ${DEFAULT-VALUE}).")
    int callSeconds = 60;

    static final class Names extends ArrayList<String> {
        Names() {
            super(AVAILABLE);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> run = names.isEmpty() ? AVAILABLE : names;
        for (String n : run) {
            if (!AVAILABLE.contains(n)) {
                System.err.println("bench: unknown benchmark '" + n + "'; available: " + String.join(", ", AVAILABLE));
                return 2;
            }
        }
        for (String n : run) {
            switch (n) {
                case "locator" -> {
                    if (sessions < 1 || sessions > 19_500) {
                        System.err.println("bench: --sessions must be 1-19500 (the descriptor limit is 20,000), was " + sessions);
                        return 2;
                    }
                    int code = LocatorBench.runInOwnProcess(sessions, Duration.ofSeconds(holdSeconds));
                    if (code != 0) {
                        System.err.println("bench: the locator bench failed (exit code " + code + ")");
                        return 1;
                    }
                }
                case "router" -> new RouterBench().run();
                case "ui" -> new dev.parley.app.ui.UiBench(uiRate, Duration.ofSeconds(uiSeconds)).run();
                case "text" -> new TextBench(Duration.ofSeconds(textSeconds)).run();
                case "file" -> {
                    if (fileMib < 1) {
                        System.err.println("bench: --file-mib must be at least 1, was " + fileMib);
                        return 2;
                    }
                    int code = FileBench.runInOwnProcess((long) fileMib << 20);
                    if (code != 0) {
                        System.err.println("bench: the file bench failed (exit code " + code + ")");
                        return 1;
                    }
                }
                case "call" -> new CallBench(Math.max(5, callSeconds)).run();
                default -> throw new IllegalStateException(n);
            }
        }
        return 0;
    }
}
