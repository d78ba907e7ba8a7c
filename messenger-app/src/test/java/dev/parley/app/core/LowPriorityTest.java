package dev.parley.app.core;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LowPriorityTest {

    private static final int SCHED_IDLE = 5;

    @Test
    void aBulkThreadLeavesTheCoresToEveryOtherThread() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        AtomicReference<String[]> before = new AtomicReference<>();
        AtomicReference<String[]> after = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("low-priority-test").start(() -> {
            try {
                before.set(stat());
                LowPriority.lowerPriority();
                after.set(stat());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.join();
        String[] mine = stat();
        int policy = Integer.parseInt(after.get()[40]);
        int nice = Integer.parseInt(after.get()[18]);
        assertTrue(policy == SCHED_IDLE || nice >= 10,
                "the thread is in the idle class or at nice 10 (policy " + policy + ", nice " + nice + ")");
        assertNotEquals(String.valueOf(SCHED_IDLE), before.get()[40], "it started in the normal class");
        // Only the calling thread changes; the rest of the process keeps its priority.
        assertNotEquals(String.valueOf(SCHED_IDLE), mine[40], "the test's own thread is unchanged");
        assertTrue(Integer.parseInt(mine[18]) < 10, "the test's own thread keeps its nice value");
    }

    /** Fields of /proc/thread-self/stat after the command name (which may hold spaces), numbered as in proc(5) from 0. */
    private static String[] stat() throws Exception {
        String s = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
        String[] all = new String[rest.length + 2];
        all[0] = s.substring(0, s.indexOf(' '));
        all[1] = s.substring(s.indexOf('('), s.lastIndexOf(')') + 1);
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }
}
