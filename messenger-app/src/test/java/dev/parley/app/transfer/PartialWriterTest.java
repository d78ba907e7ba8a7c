package dev.parley.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The partial file's writer, on this machine's real file system (direct I/O where it allows it). */
class PartialWriterTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void oddSizedPiecesArriveWholeWithTheLastBlockCutToSize() throws Exception {
        Path partial = dir.resolve("a.part");
        byte[] data = bytes(1_000_003, 1);
        try (PartialWriter w = PartialWriter.open(partial, data.length)) {
            assertThat(w.written()).isZero();
            int[] pieces = {1, 4095, 4097, 131072, 7, 300_000};
            int off = 0;
            for (int i = 0; off < data.length; i++) {
                int n = Math.min(pieces[i % pieces.length], data.length - off);
                w.write(data, off, n);
                off += n;
                assertThat(w.position()).isEqualTo(off);
                assertThat(w.written()).isLessThanOrEqualTo(off);
                assertThat(Files.size(partial)).isEqualTo(w.written());
            }
            w.finish(data.length);
            w.force();
            assertThat(w.written()).isEqualTo(data.length);
        }
        assertThat(Files.readAllBytes(partial)).isEqualTo(data);
    }

    @Test
    void anInterruptedDownloadKeepsWholeBlocksAndResumesAtABlockBoundary() throws Exception {
        Path partial = dir.resolve("b.part");
        byte[] data = bytes(600_000, 2);
        long kept;
        try (PartialWriter w = PartialWriter.open(partial, data.length)) {
            w.write(data, 0, 250_001);
            w.flushBlocks();
            kept = w.written();
            assertThat(kept).isLessThanOrEqualTo(250_001).isGreaterThan(250_001 - 65_536);
        }
        assertThat(Files.size(partial)).isEqualTo(kept);
        try (PartialWriter w = PartialWriter.open(partial, data.length)) {
            assertThat(w.written()).isEqualTo(kept);
            w.write(data, (int) kept, data.length - (int) kept);
            w.finish(data.length);
        }
        assertThat(Files.readAllBytes(partial)).isEqualTo(data);
    }

    @Test
    void aPartialNotOnABlockBoundaryIsCutBackToOne() throws Exception {
        Path partial = dir.resolve("c.part");
        byte[] data = bytes(100_000, 3);
        Files.write(partial, Arrays.copyOf(data, 70_001));
        try (PartialWriter w = PartialWriter.open(partial, data.length)) {
            long start = w.written();
            assertThat(start).isLessThanOrEqualTo(70_001);
            assertThat(Files.size(partial)).isEqualTo(start);
            if (w.direct()) {
                assertThat(start % Files.getFileStore(dir).getBlockSize()).isZero();
            }
            w.write(data, (int) start, data.length - (int) start);
            w.finish(data.length);
        }
        assertThat(Files.readAllBytes(partial)).isEqualTo(data);
    }

    @Test
    void aPartialLongerThanTheOfferStartsOver() throws Exception {
        Path partial = dir.resolve("d.part");
        Files.write(partial, bytes(20_000, 4));
        try (PartialWriter w = PartialWriter.open(partial, 10_000)) {
            assertThat(w.written()).isZero();
            assertThat(Files.size(partial)).isZero();
        }
    }

    @Test
    void worksOnTmpfsToo() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm");
        Path partial = Files.createTempFile(shm, "parley-partial", ".part");
        try {
            byte[] data = bytes(300_007, 5);
            try (PartialWriter w = PartialWriter.open(partial, data.length)) {
                w.write(data, 0, data.length);
                w.finish(data.length);
            }
            assertThat(Files.readAllBytes(partial)).isEqualTo(data);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
