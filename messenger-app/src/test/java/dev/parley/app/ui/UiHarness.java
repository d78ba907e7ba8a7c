package dev.parley.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.core.TestOptions;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Real windows on the headless (Monocle) toolkit, each with its own profile, side by side on one wide screen. */
final class UiHarness implements AutoCloseable {

    static final Path SHOTS = Path.of("target", "screenshots");

    final FxRobot robot = new FxRobot();
    private final AppHome home;
    private final List<ParleyWindow> windows = new ArrayList<>();

    UiHarness(Path dir) throws Exception {
        this.home = new AppHome(dir.resolve("home"));
        FxToolkit.registerPrimaryStage();
        Files.createDirectories(SHOTS);
    }

    /** Opens {@code profile}'s window at {@code x} on the screen. */
    ParleyWindow window(String profile, String server, HostPort localServer, double x) throws Exception {
        WindowConfig cfg = new WindowConfig(home, home.profile(profile), server, localServer, TestOptions.FAST,
                Duration.ofMinutes(10), url -> { });
        ParleyWindow w = fx(() -> {
            ParleyWindow pw = new ParleyWindow(new Stage(), cfg);
            pw.stage().setX(x);
            pw.stage().setY(0);
            pw.stage().setWidth(980);
            pw.stage().setHeight(680);
            pw.show();
            return pw;
        });
        windows.add(w);
        return w;
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    /** A string read on the JavaFX thread (a typed twin of {@link #fx}, so AssertJ picks one overload). */
    static String str(Callable<String> c) throws Exception {
        return fx(c);
    }

    static boolean bool(Callable<Boolean> c) throws Exception {
        return fx(c);
    }

    static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    /** Waits (up to 15 s) until {@code condition}, checked on the JavaFX thread, holds. */
    static void until(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (fx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(30);
        }
        throw new AssertionError("timed out waiting until " + what);
    }

    /** The node with {@code id} inside {@code root}'s window. */
    static <T extends Node> T find(Parent root, String id) throws Exception {
        @SuppressWarnings("unchecked")
        T n = (T) fx(() -> root.lookup("#" + id));
        assertThat(n).as("#" + id).isNotNull();
        return n;
    }

    /** The newest open window (a dialog) owned by {@code owner}. */
    static Stage dialog(ParleyWindow owner) throws Exception {
        until("a dialog opens", () -> Window.getWindows().stream()
                .anyMatch(w -> w instanceof Stage s && s.getOwner() == owner.stage() && s.isShowing()));
        return fx(() -> Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && s.getOwner() == owner.stage() && s.isShowing())
                .map(w -> (Stage) w).reduce((a, b) -> b).orElseThrow());
    }

    void click(Parent root, String id) throws Exception {
        clickNode(find(root, id));
    }

    /** Clicks {@code n} after bringing its window to the front: the headless platform sends keys to the front window. */
    void clickNode(Node n) throws Exception {
        fxRun(() -> {
            Stage s = (Stage) n.getScene().getWindow();
            s.toFront();
            s.requestFocus();
            // lay out now, so the robot aims at where the node is, not where it was
            n.getScene().getRoot().applyCss();
            n.getScene().getRoot().layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(n);
        WaitForAsyncUtils.waitForFxEvents();
    }

    void type(Parent root, String id, String text) throws Exception {
        javafx.scene.control.TextInputControl field = find(root, id);
        fxRun(() -> {
            field.requestFocus();
            field.clear();
        });
        clickNode(field);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void screenshot(Parent root, String name) throws Exception {
        BufferedImage img = fx(() -> SwingFXUtils.fromFXImage(root.snapshot(null, null), null));
        try {
            ImageIO.write(img, "png", SHOTS.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The window with a dialog drawn over its middle, as a user sees them together. */
    static void screenshot(Parent window, Parent dialog, String name) throws Exception {
        BufferedImage back = fx(() -> SwingFXUtils.fromFXImage(window.snapshot(null, null), null));
        BufferedImage front = fx(() -> SwingFXUtils.fromFXImage(dialog.snapshot(null, null), null));
        java.awt.Graphics2D g = back.createGraphics();
        int x = (back.getWidth() - front.getWidth()) / 2;
        int y = (back.getHeight() - front.getHeight()) / 3;
        g.setColor(new java.awt.Color(0, 0, 0, 60));
        g.fillRect(0, 0, back.getWidth(), back.getHeight());
        g.setColor(new java.awt.Color(0, 0, 0, 90));
        g.fillRect(x + 3, y + 4, front.getWidth(), front.getHeight());
        g.drawImage(front, x, y, null);
        g.dispose();
        ImageIO.write(back, "png", SHOTS.resolve(name + ".png").toFile());
    }

    @Override
    public void close() throws Exception {
        for (ParleyWindow w : windows) {
            fxRun(w::close);
        }
        Platform.runLater(() -> { });
    }
}
