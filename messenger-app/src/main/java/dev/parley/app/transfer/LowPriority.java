package dev.parley.app.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the calling thread's CPU priority (Linux "nice" 10), so that bulk work — hashing,
 * encrypting, copying gigabytes — yields the cores to chat and the window whenever they want
 * them. Java's own thread priorities do nothing on Linux; {@code renice} of the thread's id
 * does, and needs no privilege. Elsewhere it quietly does nothing.
 */
final class LowPriority {

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private LowPriority() {
    }

    static void lowerPriority() {
        try {
            if (!Files.exists(THREAD_SELF)) {
                return;
            }
            // "/proc/thread-self" -> "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            Process p = new ProcessBuilder("renice", "-n", "10", "-p", tid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (IOException | UnsupportedOperationException e) {
            // no renice here: the transfer just runs at normal priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
