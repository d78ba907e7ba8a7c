package dev.parley.assets;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;

/** Where the shared look and sound live on the classpath; no UI toolkit here, only resources. */
public final class Assets {

    private static final String ROOT = "/dev/parley/assets/";

    private Assets() {
    }

    /** The base stylesheet, then the theme's named colours ({@code light} or {@code dark}). */
    public static String[] stylesheets(String theme) {
        return new String[] {url("theme/parley.css").toExternalForm(), url("theme/" + theme + ".css").toExternalForm()};
    }

    /** Icon name → SVG path data on a 24×24 grid. */
    public static Properties icons() {
        Properties p = new Properties();
        try (InputStream in = url("icons/icons.properties").openStream()) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The chime played for a new message. */
    public static URL messageSound() {
        return url("sounds/message.wav");
    }

    /** The ring of an incoming call. */
    public static URL ringSound() {
        return url("sounds/ring.wav");
    }

    private static URL url(String name) {
        return Objects.requireNonNull(Assets.class.getResource(ROOT + name), () -> "missing asset " + name);
    }
}
