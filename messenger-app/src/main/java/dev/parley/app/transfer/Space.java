package dev.parley.app.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free space, checked before a transfer is accepted. */
public final class Space {

    private Space() {
    }

    /**
     * Null when {@code dir} has room for the {@code size}-byte file (less what {@code partial}
     * already holds); otherwise a sentence saying how much is missing.
     */
    public static String lacking(Path dir, long size, Path partial) throws IOException {
        long have = partial != null && Files.exists(partial) ? Files.size(partial) : 0;
        long need = Math.max(0, size - have);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free >= need) {
            return null;
        }
        return "not enough space in " + dir + ": the file needs " + human(need) + " more, only " + human(free)
                + " is free";
    }

    /** 1536 → "1.5 KiB". */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
