package dev.parley.app.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentPagesTest {

    @TempDir
    Path dir;

    private static void resize(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }

    /** Resident kB of this process's mappings of {@code file}, from /proc/self/smaps. */
    static long residentKb(Path file) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        long kb = 0;
        boolean ours = false;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                ours = line.endsWith(file.toString());
            } else if (ours && line.startsWith("Rss:")) {
                kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kb;
    }

    @Test
    void mapsWhatTheFileGrewByAndKeepsItResident() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "needs Linux's /proc");
        Path wal = dir.resolve("history.db-wal");
        resize(wal, 1 << 20);
        ResidentPages pages = new ResidentPages(wal, 64L << 20);
        assertEquals(1 << 20, pages.keep());
        resize(wal, 20L << 20); // past one mapping's 8 MiB
        assertEquals(20L << 20, pages.keep());
        assertEquals(20 * 1024, residentKb(wal), "every page mapped into this process");
    }

    @Test
    void neverMapsMoreThanItsLimit() throws IOException {
        Path wal = dir.resolve("big-wal");
        resize(wal, 3 << 20);
        assertEquals(2 << 20, new ResidentPages(wal, 2 << 20).keep());
    }

    @Test
    void aFileCutBackUnderItsMappingIsReportedNotFatal() throws IOException {
        Path wal = dir.resolve("history.db-wal");
        resize(wal, 4 << 20);
        ResidentPages pages = new ResidentPages(wal, 64L << 20);
        assertEquals(4 << 20, pages.keep());
        resize(wal, 8192);
        // As if SQLite cut the WAL back while the pages were being touched: the mapping still
        // covers 4 MiB, and past the new end each page is a fault.
        assertEquals(-1, pages.touch(4 << 20));
        assertEquals(8192, pages.keep(), "the next round touches only what is left");
        resize(wal, 2 << 20);
        assertEquals(2 << 20, pages.keep(), "and what grows back");
    }

    @Test
    void aMissingFileIsNothingToKeep() throws IOException {
        Path wal = dir.resolve("none-wal");
        ResidentPages pages = new ResidentPages(wal, 64L << 20);
        assertEquals(0, pages.keep());
        resize(wal, 4096);
        assertEquals(4096, pages.keep());
        Files.delete(wal);
        assertEquals(0, pages.keep());
    }
}
