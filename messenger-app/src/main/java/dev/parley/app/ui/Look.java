package dev.parley.app.ui;

import dev.parley.assets.Assets;
import java.util.List;
import java.util.Properties;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.SVGPath;

/** The theme (stylesheets from {@code assets}), the icons and the initials avatars. */
public final class Look {

    public enum Theme { LIGHT, DARK }

    private static final List<String> AVATAR_COLOURS = List.of(
            "#5b8def", "#e5734a", "#3fb27f", "#a368d8", "#e0a030", "#3aa8c1", "#d9577f", "#6f7fa0");

    private final Properties icons = Assets.icons();
    private Theme theme;

    public Look(Theme theme) {
        this.theme = theme;
    }

    public Theme theme() {
        return theme;
    }

    public void theme(Theme t) {
        this.theme = t;
    }

    public void style(Scene scene) {
        scene.getStylesheets().setAll(Assets.stylesheets(theme == Theme.DARK ? "dark" : "light"));
    }

    public Node icon(String name, double size) {
        SVGPath p = new SVGPath();
        p.setContent(icons.getProperty(name, ""));
        p.getStyleClass().add("icon");
        double scale = size / 24.0;
        p.setScaleX(scale);
        p.setScaleY(scale);
        StackPane box = new StackPane(p);
        box.setMinSize(size, size);
        box.setPrefSize(size, size);
        box.setMaxSize(size, size);
        return box;
    }

    /** A rounded square with the person's initials, its colour fixed by the name. */
    public static StackPane avatar(String name, double size) {
        Label initials = new Label(initials(name));
        initials.getStyleClass().add("avatar-text");
        initials.setStyle("-fx-font-size: " + Math.round(size * 0.38) + "px;");
        StackPane box = new StackPane(initials);
        box.getStyleClass().add("avatar");
        box.setStyle("-fx-background-color: " + AVATAR_COLOURS.get(Math.floorMod(name.hashCode(), AVATAR_COLOURS.size()))
                + "; -fx-min-width: " + size + "; -fx-min-height: " + size + "; -fx-pref-width: " + size
                + "; -fx-pref-height: " + size + "; -fx-max-width: " + size + "; -fx-max-height: " + size + ";");
        box.setAlignment(Pos.CENTER);
        return box;
    }

    static String initials(String name) {
        String[] parts = name.split("[._\\-\\s]+");
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty() && sb.length() < 2) {
                sb.appendCodePoint(Character.toUpperCase(p.codePointAt(0)));
            }
        }
        if (sb.length() == 1 && name.codePointCount(0, name.length()) > 1) {
            int second = name.offsetByCodePoints(0, 1);
            sb.appendCodePoint(name.codePointAt(second));
        }
        return sb.isEmpty() ? "?" : sb.toString();
    }

}
