package dev.parley.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the window's blocking work (locator calls, history reads) off the JavaFX thread and hands
 * the result or the failure back on it, so the window never freezes.
 */
public final class Background implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Background.class);

    private final ExecutorService pool;

    public Background() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ui-background-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public <T> void run(Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        if (pool.isShutdown()) {
            return; // the window is closing; nobody is left to show the result
        }
        pool.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> done.accept(result));
            } catch (Exception e) {
                log.debug("background work failed", e);
                Platform.runLater(() -> failed.accept(e));
            }
        });
    }

    /** Fire and forget; a failure is only logged. */
    public void run(String what, Callable<?> work) {
        if (pool.isShutdown()) {
            log.debug("{} skipped: the window is closing", what);
            return;
        }
        pool.execute(() -> {
            try {
                work.call();
            } catch (Exception e) {
                log.warn("{}: {}", what, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
