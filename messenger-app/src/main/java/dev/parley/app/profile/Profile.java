package dev.parley.app.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * One person's data on this computer: settings (last server and user, the resume token; never
 * the password) and the locator fingerprints this profile trusts.
 */
public final class Profile {

    private final String name;
    private final Path dir;

    Profile(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public KnownLocators knownLocators() {
        return new KnownLocators(dir.resolve("known-locators.properties"));
    }

    public synchronized Optional<String> setting(String key) {
        return Optional.ofNullable(load(settingsFile()).getProperty(key));
    }

    /** Every setting at once (a copy). */
    public synchronized Properties settings() {
        return load(settingsFile());
    }

    public synchronized void setting(String key, String value) throws IOException {
        Properties p = load(settingsFile());
        if (value == null) {
            p.remove(key);
        } else {
            p.setProperty(key, value);
        }
        store(settingsFile(), p, "Parley profile settings");
    }

    private Path settingsFile() {
        return dir.resolve("settings.properties");
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    /** Writes to a temporary file and renames it, so a crash never leaves half a file. */
    static void store(Path file, Properties p, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, comment);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
