package dev.parley.app.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** File names that came from a peer, made safe to create inside the downloads folder. */
public final class FileNames {

    /** Longest name kept, in UTF-8 bytes (common file systems allow 255). */
    static final int MAX_BYTES = 200;

    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNames() {
    }

    /**
     * A single plain file name: no separators, no {@code ..}, no leading dot, no control or
     * direction-override characters, none that Windows forbids, no reserved device name, at most
     * {@link #MAX_BYTES} bytes with the extension kept. Never empty.
     */
    public static String sanitize(String offered) {
        String s = offered == null ? "" : Normalizer.normalize(offered, Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || isBidiControl(cp)) {
                return;
            }
            b.appendCodePoint("/\\:*?\"<>|".indexOf(cp) >= 0 ? '_' : cp);
        });
        String name = b.toString().strip();
        // No leading dots (hidden files, "." and ".."); no trailing dots or spaces (Windows drops them).
        name = name.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (name.isEmpty()) {
            name = "file";
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        if (RESERVED.contains(base.toUpperCase(Locale.ROOT).strip())) {
            name = "_" + name;
        }
        return shorten(name);
    }

    private static boolean isBidiControl(int cp) {
        return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f
                || cp == 0xfeff;
    }

    private static String shorten(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String base = ext.isEmpty() ? name : name.substring(0, dot);
        int budget = MAX_BYTES - ext.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < base.length(); ) {
            int cp = base.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + n > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            used += n;
            i += Character.charCount(cp);
        }
        return kept.toString().strip() + ext;
    }

    /** {@code name} in {@code dir}, or {@code name (1).ext}, {@code name (2).ext}… whichever does not exist yet. */
    public static Path unique(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            return p;
        }
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 1; ; i++) {
            p = dir.resolve(base + " (" + i + ")" + ext);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    /**
     * Moves a finished partial file to {@code wanted} or, if something has that name by now, to
     * the next free {@code (n)} name: never replaces a file.
     */
    public static Path moveIntoPlace(Path partial, Path wanted) throws IOException {
        Path dir = wanted.getParent();
        String name = wanted.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path target = unique(dir, name);
            try {
                // A hard link fails if the name is taken, atomically; a rename would replace it.
                Files.createLink(target, partial);
                Files.delete(partial);
                return target;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                // No hard links here (some file systems): a move that refuses an existing target.
                if (Files.exists(target)) {
                    continue;
                }
                return Files.move(partial, target);
            }
        }
    }
}
