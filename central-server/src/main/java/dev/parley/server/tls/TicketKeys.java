package dev.parley.server.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that seal the locator's TLS session tickets, kept in its data directory beside its
 * identity. With them a client resumes its TLS session after a locator restart instead of starting
 * a new one: it skips checking the locator's certificate signature (two fifths of a client's
 * handshake CPU) and the locator skips signing, which counts when every client comes back at once.
 * The session still makes a fresh X25519 secret, so the keys do not unlock recorded traffic.
 *
 * <p>The newest key seals new tickets; the one before it still opens the tickets it sealed. A key
 * seals for {@code rotateAfter}, then a new one takes over. The file holds one line per key, newest
 * first: creation time in epoch milliseconds, a space, and 96 hex digits (the 16-byte ticket key
 * name, 16-byte HMAC key and 16-byte AES key). A file that cannot be read is replaced: clients
 * then only pay for one full handshake.
 */
public final class TicketKeys {

    public static final int KEY_BYTES = 48;

    /** One ticket key: when it was made, and its 48 bytes. */
    public record Key(long createdMillis, byte[] bytes) {
        public Key {
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("a ticket key has " + KEY_BYTES + " bytes, not " + bytes.length);
            }
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TicketKeys.class);
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration rotateAfter;
    private List<Key> keys;

    private TicketKeys(Path file, Clock clock, SecureRandom random, Duration rotateAfter, List<Key> keys) {
        this.file = file;
        this.clock = clock;
        this.random = random;
        this.rotateAfter = rotateAfter;
        this.keys = keys;
    }

    /** Loads the keys in {@code file}, making and saving a first one (or a fresh one, if due) as needed. */
    public static TicketKeys loadOrCreate(Path file, Clock clock, SecureRandom random, Duration rotateAfter)
            throws IOException {
        Objects.requireNonNull(file, "file");
        List<Key> loaded = List.of();
        if (Files.exists(file)) {
            try {
                loaded = parse(Files.readAllLines(file, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                log.warn("{} is not a ticket key file ({}); making a new key, so clients start new TLS sessions once",
                        file, e.getMessage());
            }
        }
        TicketKeys t = new TicketKeys(file, Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(random, "random"),
                Objects.requireNonNull(rotateAfter, "rotateAfter"), loaded);
        t.rotateIfDue();
        return t;
    }

    /** The keys, newest (the one that seals) first. */
    public synchronized List<Key> keys() {
        return keys;
    }

    /** Makes and saves a new sealing key when there is none or the newest is older than {@code rotateAfter}. */
    public synchronized boolean rotateIfDue() throws IOException {
        long now = clock.millis();
        if (!keys.isEmpty() && now - keys.getFirst().createdMillis() < rotateAfter.toMillis()) {
            return false;
        }
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        List<Key> next = new ArrayList<>(2);
        next.add(new Key(now, fresh));
        if (!keys.isEmpty()) {
            next.add(keys.getFirst());
        }
        save(next);
        keys = List.copyOf(next);
        return true;
    }

    private static List<Key> parse(List<String> lines) {
        List<Key> parsed = new ArrayList<>(2);
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            if (parts.length != 2 || parts[1].length() != KEY_BYTES * 2) {
                throw new IllegalArgumentException("expected '<epoch ms> <" + KEY_BYTES * 2 + " hex digits>', found "
                        + line.length() + " characters");
            }
            try {
                parsed.add(new Key(Long.parseLong(parts[0]), HEX.parseHex(parts[1])));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number or not hex: " + e.getMessage(), e);
            }
            if (parsed.size() == 2) {
                break;
            }
        }
        return List.copyOf(parsed);
    }

    private void save(List<Key> toSave) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Key k : toSave) {
            text.append(k.createdMillis()).append(' ').append(HEX.formatHex(k.bytes)).append('\n');
        }
        SecretFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
