package dev.parley.app.profile;

import dev.parley.app.locator.HostPort;
import dev.parley.server.tls.FingerprintTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Trust on first use: the first fingerprint a locator shows is remembered; a different one later
 * is refused with both fingerprints, so a user can tell a reinstall from an impostor.
 */
public final class KnownLocators {

    private final Path file;

    KnownLocators(Path file) {
        this.file = file;
    }

    public synchronized Optional<String> pinned(HostPort server) {
        return Optional.ofNullable(Profile.load(file).getProperty(server.toString()));
    }

    public synchronized void pin(HostPort server, String fingerprint) {
        Properties p = Profile.load(file);
        p.setProperty(server.toString(), fingerprint);
        try {
            Profile.store(file, p, "Locator certificates this profile trusts (host:port = fingerprint)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A trust manager that pins {@code server}'s certificate on first use. */
    public FingerprintTrustManager trustFor(HostPort server) {
        return new FingerprintTrustManager(fp -> {
            Optional<String> known = pinned(server);
            if (known.isEmpty()) {
                pin(server, fp);
                return null;
            }
            if (known.get().equals(fp)) {
                return null;
            }
            return "presented certificate " + fp + " but this profile trusts " + known.get()
                    + ". If the locator was reinstalled, remove its line from " + file + "; otherwise someone may be"
                    + " impersonating it.";
        });
    }
}
