package dev.parley.app.locator;

import java.io.IOException;

/** The locator presented a different certificate from the one this profile pinned. */
public final class CertificateChangedException extends IOException {
    public CertificateChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
