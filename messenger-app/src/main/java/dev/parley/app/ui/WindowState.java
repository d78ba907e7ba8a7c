package dev.parley.app.ui;

import dev.parley.app.profile.DeviceChoice;
import dev.parley.app.profile.Profile;
import dev.parley.media.Devices;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's remembered settings, kept in the profile: session, size, position, open
 * conversation, theme, language, sound, call devices. Read once; the JavaFX thread reads and changes the copy
 * in memory, and the file is written in order on the "ui-settings-writer" thread.
 */
final class WindowState implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WindowState.class);

    private final Profile profile;
    private final Map<String, String> values = new HashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ui-settings-writer");
        t.setDaemon(true);
        return t;
    });

    WindowState(Profile profile) {
        this.profile = profile;
        profile.settings().forEach((k, v) -> values.put((String) k, (String) v));
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    Look.Theme theme() {
        return get("ui.theme").filter(t -> t.equals("dark")).map(t -> Look.Theme.DARK).orElse(Look.Theme.LIGHT);
    }

    void theme(Look.Theme t) {
        put("ui.theme", t == Look.Theme.DARK ? "dark" : "light");
    }

    /** "system", "en" or "zh". */
    String language() {
        return get("ui.language").orElse("system");
    }

    void language(String l) {
        put("ui.language", l);
    }

    boolean sound() {
        return !get("ui.sound").orElse("on").equals("off");
    }

    void sound(boolean on) {
        put("ui.sound", on ? "on" : "off");
    }

    /** The camera, microphone and speaker calls open. */
    Devices devices() {
        return DeviceChoice.from(this::get);
    }

    /** {@code kind} is one of DeviceChoice's keys; null means the first device there is. */
    void device(String kind, String name) {
        put(kind, name);
    }

    Optional<String> conversation() {
        return get("ui.conversation");
    }

    void conversation(String peer) {
        put("ui.conversation", peer);
    }

    void restore(Stage stage) {
        double w = number("window.width", 980);
        double h = number("window.height", 680);
        stage.setWidth(w);
        stage.setHeight(h);
        double x = number("window.x", Double.NaN);
        double y = number("window.y", Double.NaN);
        // only where some screen still shows the title bar
        if (!Double.isNaN(x) && !Double.isNaN(y) && !Screen.getScreensForRectangle(new Rectangle2D(x, y, 100, 40)).isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(get("window.maximized").orElse("false").equals("true"));
    }

    void save(Stage stage, String openConversation) {
        if (!stage.isMaximized()) {
            put("window.width", Long.toString(Math.round(stage.getWidth())));
            put("window.height", Long.toString(Math.round(stage.getHeight())));
            put("window.x", Long.toString(Math.round(stage.getX())));
            put("window.y", Long.toString(Math.round(stage.getY())));
        }
        put("window.maximized", Boolean.toString(stage.isMaximized()));
        if (openConversation != null) {
            put("ui.conversation", openConversation);
        }
    }

    private double number(String key, double otherwise) {
        try {
            return get(key).map(Double::parseDouble).filter(d -> d > -100_000 && d < 100_000).orElse(otherwise);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Changes a setting now and writes it to the profile soon (null removes it). */
    void put(String key, String value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
        writer.execute(() -> {
            try {
                profile.setting(key, value);
            } catch (IOException e) {
                log.warn("cannot save {}: {}", key, e.getMessage());
            }
        });
    }

    /** Writes what is still pending. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
