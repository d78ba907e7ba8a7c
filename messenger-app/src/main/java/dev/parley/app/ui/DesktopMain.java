package dev.parley.app.ui;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts JavaFX from a plain main (an {@code Application} subclass cannot start from the class
 * path) and runs one messenger window until it is closed.
 */
public final class DesktopMain {

    private static final Logger log = LoggerFactory.getLogger(DesktopMain.class);

    private DesktopMain() {
    }

    /** True when there is a display to open a window on. */
    public static boolean hasDisplay() {
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
                || "Monocle".equals(System.getProperty("glass.platform"));
    }

    public static void run(WindowConfig config) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            ParleyWindow window = new ParleyWindow(stage, config);
            stage.setOnHidden(e -> closed.countDown());
            window.show();
        });
        closed.await();
        Platform.exit();
    }

    /** Opens a link in the desktop's browser, off the JavaFX thread. */
    public static void openInBrowser(String url) {
        Thread.ofVirtual().name("open-link").start(() -> {
            try {
                new ProcessBuilder("xdg-open", url).inheritIO().start();
            } catch (IOException e) {
                log.warn("cannot open {}: {}", url, e.getMessage());
            }
        });
    }
}
