package dev.parley.app.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a bench's load in a JVM of its own, on this one's java and classpath, sharing stdout and stderr. */
final class ChildJvm {

    private ChildJvm() {
    }

    /** What a child's work throws. */
    interface Body {
        void run() throws Exception;
    }

    /**
     * A child's main: runs {@code body} and exits, 0 when it returned and 1 (after its stack trace)
     * when it threw, so that the clients' threads cannot keep the JVM alive.
     */
    static void exitAfter(Body body) {
        int code = 0;
        try {
            body.run();
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Starts {@code main} with {@code args} and waits up to {@code timeout}; returns its exit code
     * (-1 if it had to be killed). The child gets this JVM's own options (the launcher's, and any
     * from PARLEY_JAVA_OPTS) when {@code inherit} is true, else only the native-access flags every
     * JVM here needs; {@code jvmOpts} come after, so they win.
     */
    static int run(Class<?> main, boolean inherit, List<String> jvmOpts, List<String> args, Duration timeout)
            throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (inherit || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc-unsafe-memory-access")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(jvmOpts);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
