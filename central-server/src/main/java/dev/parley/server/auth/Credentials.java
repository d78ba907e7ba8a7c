package dev.parley.server.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for usernames and passwords, with the sentences users see when they are broken. */
public final class Credentials {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 1024;
    public static final String USERNAME_RULE = "3-32 characters of a-z, 0-9, '_', '.' and '-'";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");

    private Credentials() {
    }

    /** Usernames are case-insensitive: compare and store them lower-cased. */
    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    public static boolean validUsername(String normalized) {
        return USERNAME.matcher(normalized).matches();
    }

    /** Why a password is not acceptable, or empty when it is. */
    public static Optional<String> passwordProblem(String password) {
        if (password == null) {
            return Optional.of("a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD) {
            return Optional.of("password must be at least " + MIN_PASSWORD + " characters, was " + length);
        }
        if (length > MAX_PASSWORD) {
            return Optional.of("password must be at most " + MAX_PASSWORD + " characters, was " + length);
        }
        return Optional.empty();
    }
}
