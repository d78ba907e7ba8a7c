package dev.parley.app.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** Theme, language, sound, call devices and signing out; each change is saved at once. */
final class SettingsDialog {

    private final Texts texts;
    private final Look look;
    private final WindowState state;
    private final ParleyWindow window;
    private final Background background;

    SettingsDialog(Texts texts, Look look, WindowState state, ParleyWindow window, Background background) {
        this.texts = texts;
        this.look = look;
        this.state = state;
        this.window = window;
        this.background = background;
    }

    Stage show(Stage owner, Session session) {
        Label title = new Label(texts.get("settings.title"));
        title.getStyleClass().add("subtitle");
        ToggleGroup themes = new ToggleGroup();
        RadioButton light = new RadioButton(texts.get("settings.theme.light"));
        light.setId("theme-light");
        RadioButton dark = new RadioButton(texts.get("settings.theme.dark"));
        dark.setId("theme-dark");
        light.setToggleGroup(themes);
        dark.setToggleGroup(themes);
        (state.theme() == Look.Theme.DARK ? dark : light).setSelected(true);
        themes.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                state.theme(now == dark ? Look.Theme.DARK : Look.Theme.LIGHT);
                window.restyle(false);
            }
        });
        ComboBox<String> language = new ComboBox<>();
        language.setId("language");
        language.getItems().setAll("system", "en", "zh");
        language.setValue(state.language());
        language.setCellFactory(v -> languageCell());
        language.setButtonCell(languageCell());
        CheckBox sound = new CheckBox(texts.get("settings.sound"));
        sound.setId("sound");
        sound.setSelected(state.sound());
        sound.selectedProperty().addListener((o, was, now) -> state.sound(now));
        VBox body = new VBox(12, title,
                new Label(texts.get("settings.theme")), new HBox(16, light, dark),
                new Label(texts.get("settings.language")), language, sound,
                new DevicePicker(texts, state, background, session == null ? null : session.messenger()).build());
        if (session != null && session.messenger().username() != null) {
            Label who = new Label(texts.get("settings.signed.in", session.messenger().username(), session.server().toString()));
            who.getStyleClass().add("muted");
            Button logout = new Button(texts.get("settings.logout"));
            logout.setId("logout");
            body.getChildren().addAll(who, logout);
            logout.setOnAction(e -> {
                ((Stage) logout.getScene().getWindow()).close();
                window.logout();
            });
        }
        Button close = new Button(texts.get("dialog.close"));
        close.setId("settings-close");
        HBox buttons = new HBox(close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        body.getChildren().add(buttons);
        body.setPrefWidth(420);
        Stage s = Dialogs.open(owner, look, texts.get("settings.title"), body, true);
        close.setOnAction(e -> s.close());
        language.setOnAction(e -> {
            if (language.getValue() != null && !language.getValue().equals(state.language())) {
                state.language(language.getValue());
                s.close();
                window.restyle(true);
            }
        });
        return s;
    }

    private javafx.scene.control.ListCell<String> languageCell() {
        return new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String l, boolean empty) {
                super.updateItem(l, empty);
                setText(empty || l == null ? null : switch (l) {
                    case "en" -> "English";
                    case "zh" -> "简体中文";
                    default -> texts.get("settings.language.system");
                });
            }
        };
    }
}
