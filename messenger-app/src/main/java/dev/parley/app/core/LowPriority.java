package dev.parley.app.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread in Linux's idle scheduling class, so that bulk work — hashing,
 * encrypting, copying gigabytes, the history's checkpoints — gives the cores up to chat and the
 * window the moment they want them. Java's own thread priorities do nothing on Linux; the thread's id can be given to
 * {@code chrt} or {@code renice}, and lowering needs no privilege. Elsewhere it quietly does nothing.
 *
 * <p>Why the idle class and not only "nice": at nice 10, a chat thread woken while both cores ran a
 * transfer could still wait out part of the transfer thread's time slice, and over the 7 thread
 * wake-ups a message's round trip then had (three now) that put chat's p99 at 5-7 ms; a thread
 * in the idle class is preempted at once by any other. The class only ranks threads against others in the same
 * scheduling group (the desktop's per-session autogroup or per-app cgroup): against other programs
 * the messenger still gets its fair share, and the transfer uses all of it that chat does not.
 * Where {@code chrt} is missing or refused, nice 10 is the fallback.
 */
public final class LowPriority {

    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private LowPriority() {
    }

    public static void lowerPriority() {
        try {
            if (!Files.exists(THREAD_SELF)) {
                return;
            }
            // "/proc/thread-self" -> "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            if (!run(List.of("chrt", "--idle", "--pid", "0", tid))) {
                run(List.of("renice", "-n", "10", "-p", tid));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // neither here: the transfer just runs at normal priority
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean run(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
