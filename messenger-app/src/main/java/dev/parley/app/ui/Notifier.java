package dev.parley.app.ui;

import dev.parley.assets.Assets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Clip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user about something that happened elsewhere: an in-app toast in the window's corner,
 * a tray notification too when the window is not focused and the desktop has a tray, and
 * optionally the message chime from assets.
 */
final class Notifier {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final VBox toasts = new VBox(8);
    private final Background background;
    private final BooleanSupplier soundOn;
    private final List<String> shown = new ArrayList<>();

    private final TrayNotice tray = new TrayNotice();
    private final BooleanSupplier windowFocused;

    Notifier(Background background, BooleanSupplier soundOn, BooleanSupplier windowFocused) {
        this.background = background;
        this.soundOn = soundOn;
        this.windowFocused = windowFocused;
        toasts.setAlignment(Pos.BOTTOM_RIGHT);
        toasts.setPickOnBounds(false);
        toasts.setMouseTransparent(true);
        toasts.setId("toasts");
        StackPane.setAlignment(toasts, Pos.BOTTOM_RIGHT);
        toasts.setStyle("-fx-padding: 0 20 110 0;");
    }

    /** The layer that holds the toasts; the window stacks it over everything. */
    VBox layer() {
        return toasts;
    }

    /** The texts of the last 100 toasts (tests read it). */
    List<String> shown() {
        return shown;
    }

    private static final long BURST_NANOS = 3_000_000_000L;

    private static final class Burst {
        final StackPane box;
        final long since;
        int count = 1;

        Burst(StackPane box, long since) {
            this.box = box;
            this.since = since;
        }
    }

    private final java.util.Map<String, Burst> bursts = new java.util.HashMap<>();
    private long lastSound;

    void close() {
        tray.close();
    }

    StackPane toast(String text) {
        if (shown.size() == 100) {
            shown.remove(0);
        }
        shown.add(text);
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(360);
        StackPane box = new StackPane(l);
        box.getStyleClass().add("toast");
        box.setMaxWidth(Region.USE_PREF_SIZE);
        toasts.getChildren().add(box);
        while (toasts.getChildren().size() > 3) {
            toasts.getChildren().remove(0);
        }
        PauseTransition life = new PauseTransition(Duration.seconds(4));
        life.setOnFinished(e -> toasts.getChildren().remove(box));
        life.play();
        return box;
    }

    /**
     * A new message from {@code peer}. A burst from one friend becomes one toast that counts
     * ("bob: 37 new messages") and at most one chime every few seconds, however fast they arrive.
     */
    void message(String peer, String text, java.util.function.IntFunction<String> many) {
        long now = System.nanoTime();
        Burst b = bursts.get(peer);
        if (b != null && now - b.since < BURST_NANOS && toasts.getChildren().contains(b.box)) {
            b.count++;
            ((Label) b.box.getChildren().get(0)).setText(many.apply(b.count));
            return;
        }
        StackPane box = toast(text);
        bursts.put(peer, new Burst(box, now));
        if (!windowFocused.getAsBoolean()) {
            tray.show("Parley", text);
        }
        if (soundOn.getAsBoolean() && now - lastSound > BURST_NANOS) {
            lastSound = now;
            background.run("message sound", () -> {
                play(Assets.messageSound());
                return null;
            });
        }
    }

    /** Rings for an incoming call (when sounds are on). */
    void ring() {
        if (soundOn.getAsBoolean()) {
            background.run("ring", () -> {
                play(Assets.ringSound());
                return null;
            });
        }
    }

    private static void play(java.net.URL sound) {
        try (var in = AudioSystem.getAudioInputStream(sound)) {
            Clip clip = AudioSystem.getClip();
            clip.open(in);
            clip.addLineListener(e -> {
                if (e.getType() == javax.sound.sampled.LineEvent.Type.STOP) {
                    clip.close();
                }
            });
            clip.start();
        } catch (Exception | LinkageError e) {
            // no sound card here: the toast alone must do
            log.debug("cannot play {}: {}", sound, e.toString());
        }
    }
}
