package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.transfer.Sha256;
import dev.parley.app.transfer.Transfer;
import dev.parley.app.transfer.TransferState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files between two real clients on 127.0.0.1: TLS, a real disk, real SQLite. */
class FileTransferTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    ChatFixture fx;
    ChatFixture.Client alice;
    ChatFixture.Client bob;
    Path downloads;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatFixture(dir);
        alice = fx.user("alice");
        bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        await("linked", WAIT, () -> alice.messenger.linked().contains("bob") && bob.messenger.linked().contains("alice"));
        downloads = dir.resolve("bob-downloads");
        bob.messenger.setDownloads(downloads);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    /** A file of {@code size} random bytes. */
    static Path randomFile(Path p, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return p;
    }

    private Transfer offeredToBob(Transfer sent) throws InterruptedException {
        await("bob sees the offer", WAIT, () -> bob.events.transferState(sent.id()) == TransferState.OFFERED);
        return bob.events.transfers.get(sent.id());
    }

    private void awaitDone(String id) throws InterruptedException {
        await("done on both sides", WAIT, () -> alice.events.transferState(id) == TransferState.DONE
                && bob.events.transferState(id) == TransferState.DONE);
    }

    @Test
    void tenMegabytesArriveWholeAndVerified() throws Exception {
        Path src = randomFile(dir.resolve("report.bin"), 10_000_000, 1);
        Transfer sent = alice.messenger.sendFile("bob", src);
        Transfer offer = offeredToBob(sent);
        assertThat(offer.name()).isEqualTo("report.bin");
        assertThat(offer.size()).isEqualTo(10_000_000);
        assertThat(offer.sha256()).isEqualTo(Sha256.of(src, x -> { }));
        bob.messenger.acceptFile(sent.id(), null);
        awaitDone(sent.id());
        Path got = bob.events.transfers.get(sent.id()).path();
        assertThat(got).isEqualTo(downloads.resolve("report.bin"));
        assertThat(Sha256.of(got, x -> { })).isEqualTo(offer.sha256());
        try (var files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.bin");
        }
    }
}
