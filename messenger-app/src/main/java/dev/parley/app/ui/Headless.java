package dev.parley.app.ui;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** Starts JavaFX on the headless Monocle platform: the UI benchmark and its memory probe need no display. */
final class Headless {

    private Headless() {
    }

    static void start(Path cacheDir) throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("headless.geometry", "1280x800-32");
        System.setProperty("javafx.cachedir", cacheDir.toString());
        CountDownLatch up = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(up::countDown);
        if (!up.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("JavaFX did not start");
        }
    }
}
