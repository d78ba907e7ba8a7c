package dev.parley.app.profile;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** The directory that holds every profile's data and the embedded locator's. */
public record AppHome(Path root) {

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public AppHome {
        Objects.requireNonNull(root, "root");
    }

    /** {@code $XDG_DATA_HOME/parley}, else {@code ~/.local/share/parley}. */
    public static AppHome defaultHome() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new AppHome(base.resolve("parley"));
    }

    public Profile profile(String name) {
        if (name == null || !PROFILE_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new IllegalArgumentException("profile name '" + name + "' must be 1-64 of A-Z a-z 0-9 _ . - (not starting with '.')");
        }
        return new Profile(name, root.resolve("profiles").resolve(name));
    }

    /** Where a locator hosted by the app keeps its database and key. */
    public Path embeddedLocatorDir() {
        return root.resolve("locator");
    }
}
