package dev.parley.app.ui;

import dev.parley.app.core.Messenger;
import dev.parley.app.profile.DeviceChoice;
import dev.parley.media.Devices;
import dev.parley.media.audio.SoundCard;
import dev.parley.media.video.Webcams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The settings section where calls' camera, microphone and speaker are chosen. Devices are listed
 * on a background thread (finding cameras can take seconds); a choice is remembered in the profile
 * and used from the next call on. "" in a box stands for "the first one there is".
 */
final class DevicePicker {

    private static final String AUTOMATIC = "";

    private final Texts texts;
    private final WindowState state;
    private final Background background;
    private final Messenger messenger;

    /** {@code messenger} may be null before signing in; the choice is then used at the next sign-in. */
    DevicePicker(Texts texts, WindowState state, Background background, Messenger messenger) {
        this.texts = texts;
        this.state = state;
        this.background = background;
        this.messenger = messenger;
    }

    VBox build() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        Label hint = new Label(texts.get("settings.devices.looking"));
        hint.setId("devices-hint");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE); // wrap onto more lines instead of cutting the sentence
        ComboBox<String> camera = row(grid, 0, DeviceChoice.CAMERA, "settings.camera", "settings.device.synthetic.camera",
                Webcams::names, hint);
        ComboBox<String> mic = row(grid, 1, DeviceChoice.MICROPHONE, "settings.microphone",
                "settings.device.synthetic.microphone", SoundCard::microphones, hint);
        ComboBox<String> speaker = row(grid, 2, DeviceChoice.SPEAKER, "settings.speaker", "settings.device.synthetic.speaker",
                SoundCard::speakers, hint);
        camera.setId("settings-camera");
        mic.setId("settings-microphone");
        speaker.setId("settings-speaker");
        Label title = new Label(texts.get("settings.devices"));
        return new VBox(8, title, grid, hint);
    }

    private ComboBox<String> row(GridPane grid, int at, String kind, String label, String synthetic,
                                 Callable<List<String>> present, Label hint) {
        String saved = state.get(kind).orElse(AUTOMATIC);
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(saved);
        box.setValue(saved);
        box.setDisable(true);
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(230);
        box.setCellFactory(v -> cell(synthetic, List.of()));
        box.setButtonCell(cell(synthetic, List.of()));
        grid.addRow(at, new Label(texts.get(label)), box);
        background.run(present, found -> {
            List<String> items = new ArrayList<>();
            items.add(AUTOMATIC);
            items.addAll(found);
            items.add(Devices.SYNTHETIC);
            if (!items.contains(saved)) {
                items.add(saved); // remembered but unplugged: still shown, marked, and still chosen
            }
            box.setCellFactory(v -> cell(synthetic, found));
            box.setButtonCell(cell(synthetic, found));
            box.getItems().setAll(items);
            box.setValue(saved);
            box.setDisable(false);
            box.valueProperty().addListener((o, was, now) -> {
                if (now != null) {
                    state.device(kind, now.equals(AUTOMATIC) ? null : now);
                    if (messenger != null) {
                        messenger.setDevices(state.devices());
                    }
                }
            });
            say(hint, texts.get("settings.devices.hint"));
        }, e -> say(hint, texts.get("settings.devices.failed", e.getMessage())));
        return box;
    }

    /** A longer sentence than "looking…" takes more lines: the dialog grows to keep its buttons in view. */
    private static void say(Label hint, String text) {
        hint.setText(text);
        if (hint.getScene() != null && hint.getScene().getWindow() != null) {
            hint.getScene().getWindow().sizeToScene();
        }
    }

    private ListCell<String> cell(String synthetic, List<String> present) {
        return new ListCell<>() {
            @Override
            protected void updateItem(String d, boolean empty) {
                super.updateItem(d, empty);
                if (empty || d == null) {
                    setText(null);
                } else if (d.equals(AUTOMATIC)) {
                    setText(texts.get(present.isEmpty() ? "settings.device.auto.none" : "settings.device.auto",
                            present.isEmpty() ? "" : present.getFirst()));
                } else if (d.equals(Devices.SYNTHETIC)) {
                    setText(texts.get(synthetic));
                } else {
                    setText(present.contains(d) ? d : texts.get("settings.device.missing", d));
                }
            }
        };
    }
}
