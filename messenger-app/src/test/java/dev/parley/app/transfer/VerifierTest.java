package dev.parley.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download's hasher: what an earlier attempt left on disk, then the pieces as they arrive. */
class VerifierTest {

    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void hashesThePrefixOnDiskThenThePiecesHandedOver() throws Exception {
        byte[] data = new byte[3_000_017];
        new Random(7).nextBytes(data);
        int prefix = 1_048_576;
        Path partial = dir.resolve("f.part");
        Files.write(partial, Arrays.copyOf(data, prefix));
        try (Verifier v = new Verifier(partial, data.length, prefix, PIECE, "t")) {
            // More pieces than the verifier has buffers: the receiver gets each one back once hashed.
            for (int off = prefix; off < data.length; ) {
                int n = Math.min(PIECE - 3, data.length - off);
                byte[] buf = v.take();
                System.arraycopy(data, off, buf, 0, n);
                v.hash(buf, n);
                off += n;
            }
            assertThat(v.await()).isEqualTo(Sha256.of(write(data), done -> { }));
        }
    }

    @Test
    void aChangedByteGivesAnotherHash() throws Exception {
        byte[] data = new byte[200_000];
        new Random(8).nextBytes(data);
        Path partial = dir.resolve("g.part");
        Files.write(partial, new byte[0]);
        try (Verifier v = new Verifier(partial, data.length, 0, data.length, "t")) {
            byte[] buf = v.take();
            System.arraycopy(data, 0, buf, 0, data.length);
            buf[100_000] ^= 1;
            v.hash(buf, data.length);
            assertThat(v.await()).isNotEqualTo(Sha256.of(write(data), done -> { }));
        }
    }

    @Test
    void aReceiverWaitingForABufferIsReleasedWhenTheTransferStops() throws Exception {
        Path partial = dir.resolve("h.part");
        Files.write(partial, new byte[0]);
        Verifier v = new Verifier(partial, Long.MAX_VALUE, 0, 16, "t");
        try {
            // Never hashed: the hasher waits for pieces that are never handed over... until close.
            for (int i = 0; i < Verifier.BUFFERS; i++) {
                v.take();
            }
            CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return v.take();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            v.close();
            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(InterruptedIOException.class);
        } finally {
            v.close();
        }
    }

    private Path write(byte[] data) throws Exception {
        Path whole = dir.resolve("whole");
        Files.write(whole, data);
        return whole;
    }
}
