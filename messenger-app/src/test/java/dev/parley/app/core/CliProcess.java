package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;

import dev.parley.app.locator.HostPort;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A user's terminal client in a process of its own (so it can be killed or frozen), its --json events collected. */
final class CliProcess implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    final Process process;
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Writer in;

    /** Profile {@code user} under {@code dir}/home, stderr into {@code dir}/{@code log}. */
    CliProcess(Path dir, String user, HostPort server, String log, String... extra) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        dir.resolve("javacpp").toString()),
                "-cp", System.getProperty("java.class.path"),
                "dev.parley.app.ParleyMain", "cli", "--home", dir.resolve("home").toString(), "--profile", user,
                "--server", server.host() + ":" + server.port(), "--json", "--listen", "127.0.0.1:0"));
        cmd.addAll(Arrays.asList(extra));
        process = new ProcessBuilder(cmd).redirectError(dir.resolve(log).toFile()).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name(user + "-cli-out").start(() -> {
            try (var r = process.inputReader()) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // killed
            }
        });
    }

    void type(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** Waits for a line holding every one of {@code parts}, and returns it. */
    String awaitLine(String... parts) throws InterruptedException {
        String[] found = new String[1];
        await("the terminal client prints " + String.join(" & ", parts), WAIT, () -> {
            for (String l : lines) {
                if (Arrays.stream(parts).allMatch(l::contains)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** SIGSTOP or SIGCONT: a frozen process keeps its sockets open and answers nothing, like a cut cable. */
    void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
