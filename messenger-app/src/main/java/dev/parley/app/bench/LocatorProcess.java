package dev.parley.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A locator in its own process, started exactly as {@code ./parley locator} starts it (same
 * classpath, the launcher's locator JVM options), so the load comes from another process and its
 * memory can be read from /proc.
 */
final class LocatorProcess implements AutoCloseable {

    private static final Pattern FIRST_LINE = Pattern.compile("locator listening on (.+):(\\d+) fingerprint (SHA256:[0-9a-f]{64})");

    final Process process;
    final int port;
    final String fingerprint;

    private LocatorProcess(Process process, int port, String fingerprint) {
        this.process = process;
        this.port = port;
        this.fingerprint = fingerprint;
    }

    static LocatorProcess start(Path dataDir, int port, Path log) throws IOException {
        return start(dataDir, port, log, List.of());
    }

    /** A locator with PARLEY_LOCATOR_JVM_OPTS and then {@code extraJvmOpts}; its stderr goes to {@code log}. */
    static LocatorProcess start(Path dataDir, int port, Path log, List<String> extraJvmOpts) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        String opts = System.getenv().getOrDefault("PARLEY_LOCATOR_JVM_OPTS", "");
        cmd.addAll(Arrays.stream(opts.split("\\s+")).filter(s -> !s.isBlank()).toList());
        cmd.addAll(extraJvmOpts);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.server.LocatorMain",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : FIRST_LINE.matcher(line);
        if (m == null || !m.matches()) {
            p.destroyForcibly();
            throw new IOException("locator did not start: first line was " + line + "; see " + log);
        }
        Thread.ofPlatform().daemon().name("bench-locator-stdout").start(() -> {
            try {
                while (out.readLine() != null) {
                    // drain
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
        return new LocatorProcess(p, Integer.parseInt(m.group(2)), m.group(3));
    }

    /** Resident set size in KiB, from /proc. */
    long rssKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + process.pid());
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Asks it to stop (SIGTERM) and waits up to {@code timeout}; its exit code, or -1 if it had to be killed. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
