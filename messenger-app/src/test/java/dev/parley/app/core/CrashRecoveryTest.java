package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.ParleyMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender is a real {@code parley cli} process, killed with SIGKILL right after sending. */
class CrashRecoveryTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    ChatFixture fx;
    Cli alice;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (alice != null) {
            alice.process.destroyForcibly().waitFor();
        }
        fx.close();
    }

    /** {@code parley cli --json} in its own JVM, on the fixture's home and locator. */
    final class Cli {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final OutputStream in;

        Cli(String profile) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ParleyMain.class.getName(), "cli",
                    "--home", fx.home.root().toString(), "--profile", profile, "--server", fx.server.toString(),
                    "--listen", "127.0.0.1:0", "--json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            in = process.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
        }

        void type(String line) throws IOException {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        void awaitLine(String fragment) throws InterruptedException {
            await("cli prints " + fragment + "\n" + String.join("\n", lines), WAIT,
                    () -> lines.stream().anyMatch(l -> l.contains(fragment)));
        }

        void kill9() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aMessageSentJustBeforeKillDashNineArrivesExactlyOnce() throws Exception {
        var bob = fx.user("bob");
        alice = new Cli("alice");
        alice.type("/register alice password-alice");
        alice.type("/login alice password-alice");
        alice.awaitLine("\"event\":\"logged-in\"");
        alice.type("/add bob");
        await("bob has the request", WAIT, () -> !bob.events.pushes.isEmpty());
        bob.messenger.locator().call(dev.parley.protocol.Command.FRIEND_ACCEPT,
                new dev.parley.protocol.locator.LocatorMessages.UserRef("alice"), java.util.Map.class);
        await("linked", WAIT, () -> bob.messenger.linked().contains("alice"));

        // 1: bob online. Killed as soon as the message is stored.
        alice.type("/msg bob first, then the lights went out");
        alice.awaitLine("\"body\":\"first, then the lights went out\"");
        alice.kill9();

        // 2: bob offline. Stored, killed, and nothing could have gone out.
        bob.close();
        alice = new Cli("alice");
        alice.awaitLine("\"event\":\"logged-in\"");
        alice.type("/msg bob second, while you were away");
        alice.awaitLine("\"body\":\"second, while you were away\"");
        alice.kill9();

        alice = new Cli("alice");
        alice.awaitLine("\"event\":\"logged-in\"");
        var bobAgain = fx.client("bob");
        bobAgain.messenger.login("bob", "password-bob");
        await("bob has both", WAIT, () -> {
            try {
                return bobAgain.messenger.conversation("alice", 10).size() >= 2;
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        alice.awaitLine("\"event\":\"delivered\"");
        Thread.sleep(1000);
        List<ChatMessage> conv = bobAgain.messenger.conversation("alice", 10);
        assertThat(conv).extracting(ChatMessage::body)
                .containsExactly("first, then the lights went out", "second, while you were away");
        assertThat(conv).allMatch(m -> m.state() == Delivery.RECEIVED);
        alice.type("/history bob");
        alice.awaitLine("\"event\":\"history\"");
        String history = alice.lines.stream().filter(l -> l.contains("\"event\":\"history\"")).findFirst().orElseThrow();
        assertThat(history).contains("\"state\":\"delivered\"").doesNotContain("\"state\":\"waiting\"");
    }
}
