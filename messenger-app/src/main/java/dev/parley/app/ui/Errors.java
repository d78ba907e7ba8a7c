package dev.parley.app.ui;

import dev.parley.app.locator.CertificateChangedException;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.RequestRefused;
import java.io.IOException;

/** Turns what went wrong into a sentence in the window's language. */
final class Errors {

    private final Texts texts;

    Errors(Texts texts) {
        this.texts = texts;
    }

    String words(Exception e) {
        if (e instanceof RequestRefused r) {
            ErrorCode code = r.code();
            if (code == ErrorCode.RATE_LIMITED) {
                long ms = r.retryAfterMs() == null ? 1000 : r.retryAfterMs();
                return texts.get("error.RATE_LIMITED", Math.max(1, (ms + 999) / 1000));
            }
            if (code == ErrorCode.WEAK_PASSWORD) {
                return texts.get("error.WEAK_PASSWORD", r.getMessage());
            }
            String key = "error." + code.name();
            return texts.has(key) ? texts.get(key) : texts.get("error.other", r.getMessage());
        }
        if (e instanceof CertificateChangedException c) {
            return texts.get("error.certificate", c.getMessage());
        }
        if (e instanceof IOException io) {
            return io.getMessage() == null ? io.toString() : io.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    String unreachable(String server, Exception e) {
        if (e instanceof CertificateChangedException) {
            return words(e);
        }
        return texts.get("error.unreachable", server, e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
