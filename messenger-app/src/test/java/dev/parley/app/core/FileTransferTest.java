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

    @Test
    void threeHundredMegabytesArriveWhole() throws Exception {
        Path src = randomFile(dir.resolve("video.mkv"), 300_000_000, 2);
        Transfer sent = alice.messenger.sendFile("bob", src);
        offeredToBob(sent);
        bob.messenger.acceptFile(sent.id(), null);
        await("progress seen on both sides", WAIT, () -> bob.events.progress.containsKey(sent.id())
                || bob.events.transferState(sent.id()) == TransferState.DONE);
        awaitDone(sent.id());
        assertThat(Sha256.of(bob.events.transfers.get(sent.id()).path(), x -> { })).isEqualTo(Sha256.of(src, x -> { }));
        assertThat(alice.messenger.wireBytes(sent.id())).isEqualTo(300_000_000L);
    }

    @Test
    void declineIsToldToTheSender() throws Exception {
        Transfer sent = alice.messenger.sendFile("bob", randomFile(dir.resolve("no.txt"), 1000, 3));
        offeredToBob(sent);
        bob.messenger.declineFile(sent.id());
        await("alice hears no", WAIT, () -> alice.events.transferState(sent.id()) == TransferState.DECLINED);
        assertThat(alice.events.transfers.get(sent.id()).error()).contains("bob");
        assertThat(downloads).doesNotExist();
        // Declined is final: accepting now is refused in words.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bob.messenger.acceptFile(sent.id(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("declined");
    }

    /** Bob accepts while alice is away, so nothing moves until the test lets it. */
    private Transfer acceptedWhileAliceIsAway(Path src) throws Exception {
        Transfer sent = alice.messenger.sendFile("bob", src);
        offeredToBob(sent);
        alice.close();
        await("bob sees alice gone", WAIT, () -> !bob.messenger.linked().contains("alice"));
        bob.messenger.acceptFile(sent.id(), null);
        await("bob accepted", WAIT, () -> bob.events.transferState(sent.id()) == TransferState.ACTIVE);
        return sent;
    }

    private ChatFixture.Client aliceBack() throws Exception {
        var back = fx.client("alice");
        back.messenger.login("alice", "password-alice");
        alice = back;
        return back;
    }

    @Test
    void pauseAndResumeSendOnlyTheMissingBytes() throws Exception {
        Path src = randomFile(dir.resolve("big.bin"), 200_000_000, 4);
        Transfer sent = acceptedWhileAliceIsAway(src);
        Path partial = bob.events.transfers.get(sent.id()).partial();
        var a = aliceBack();
        await("some bytes moved", WAIT, () -> size(partial) > 0 || bob.events.transferState(sent.id()) == TransferState.DONE);
        bob.messenger.pauseFile(sent.id());
        await("paused on both sides", WAIT, () -> a.events.transferState(sent.id()) == TransferState.PAUSED
                && bob.events.transferState(sent.id()) == TransferState.PAUSED);
        assertThat(a.events.transfers.get(sent.id()).error()).isEqualTo("paused by bob");
        long kept = size(partial);
        assertThat(kept).isLessThan(200_000_000L);
        Thread.sleep(300);
        assertThat(size(partial)).as("nothing moves while paused").isEqualTo(kept);
        // The sender resumes; the receiver fetches from where its partial file ends.
        a.messenger.resumeFile(sent.id());
        awaitDone(sent.id());
        assertThat(partial).doesNotExist();
        assertThat(Sha256.of(bob.events.transfers.get(sent.id()).path(), x -> { })).isEqualTo(Sha256.of(src, x -> { }));
        // Only what sat in buffers at the pause is sent twice, not the file from its start. Usually
        // well under 1 MiB; one run in many (on a loaded 2-core machine) resent 6.4 MiB, not yet
        // explained, so the bound is what tells a resume from a restart, not the bench's goal.
        assertThat(a.messenger.wireBytes(sent.id()) - 200_000_000L).isBetween(0L, 16L << 20);
    }

    @Test
    void eitherSideCancelsAndThePartialGoes() throws Exception {
        Transfer one = alice.messenger.sendFile("bob", randomFile(dir.resolve("one.bin"), 5_000_000, 5));
        Transfer two = alice.messenger.sendFile("bob", randomFile(dir.resolve("two.bin"), 5_000_000, 6));
        offeredToBob(one);
        offeredToBob(two);
        alice.close();
        await("bob sees alice gone", WAIT, () -> !bob.messenger.linked().contains("alice"));
        bob.messenger.acceptFile(one.id(), null);
        bob.messenger.acceptFile(two.id(), null);
        await("both accepted", WAIT, () -> bob.events.transferState(one.id()) == TransferState.ACTIVE
                && bob.events.transferState(two.id()) == TransferState.ACTIVE);
        // Some bytes already on bob's disk for both; "one" is paused, "two" bob cancels.
        bob.messenger.pauseFile(one.id());
        await("paused", WAIT, () -> bob.events.transferState(one.id()) == TransferState.PAUSED);
        Files.write(bob.events.transfers.get(one.id()).partial(), new byte[1000]);
        Files.write(bob.events.transfers.get(two.id()).partial(), new byte[1000]);
        bob.messenger.cancelFile(two.id());
        await("bob cancelled two", WAIT, () -> bob.events.transferState(two.id()) == TransferState.CANCELLED);
        // alice was away for both; when she is back she learns where each stands.
        var a = aliceBack();
        await("alice learns", WAIT, () -> a.events.transferState(one.id()) == TransferState.PAUSED
                && a.events.transferState(two.id()) == TransferState.CANCELLED);
        assertThat(a.events.transfers.get(two.id()).error()).isEqualTo("cancelled by bob");
        a.messenger.cancelFile(one.id());
        await("bob hears alice cancel", WAIT, () -> bob.events.transferState(one.id()) == TransferState.CANCELLED);
        assertThat(bob.events.transfers.get(one.id()).error()).isEqualTo("cancelled by alice");
        Thread.sleep(300);
        try (var files = Files.list(downloads)) {
            assertThat(files.toList()).as("no partial or finished file is left").isEmpty();
        }
    }

    @Test
    void anOfferWaitsForAnOfflineFriend() throws Exception {
        bob.close();
        await("alice sees bob gone", WAIT, () -> !alice.messenger.linked().contains("bob"));
        Transfer sent = alice.messenger.sendFile("bob", randomFile(dir.resolve("later.txt"), 123_456, 7));
        await("offered (waiting)", WAIT, () -> alice.events.transferState(sent.id()) == TransferState.OFFERED);
        var back = fx.client("bob");
        back.messenger.setDownloads(downloads);
        back.messenger.login("bob", "password-bob");
        bob = back;
        offeredToBob(sent);
        bob.messenger.acceptFile(sent.id(), null);
        awaitDone(sent.id());
        assertThat(Files.size(downloads.resolve("later.txt"))).isEqualTo(123_456);
    }

    @Test
    void hostileNamesLandInsideTheDownloadsFolderAndNothingIsOverwritten() throws Exception {
        Files.createDirectories(downloads);
        Files.writeString(downloads.resolve("_CON.txt"), "mine");
        Path src = randomFile(dir.resolve("..\\..\\CON.txt"), 10, 8);
        Transfer sent = alice.messenger.sendFile("bob", src);
        Transfer offer = offeredToBob(sent);
        assertThat(offer.name()).doesNotContain("/").doesNotContain("\\").doesNotStartWith(".");
        bob.messenger.acceptFile(sent.id(), null);
        awaitDone(sent.id());
        Path got = bob.events.transfers.get(sent.id()).path();
        assertThat(got.getParent()).isEqualTo(downloads.toAbsolutePath());
        Transfer again = alice.messenger.sendFile("bob", src);
        offeredToBob(again);
        bob.messenger.acceptFile(again.id(), null);
        awaitDone(again.id());
        Path second = bob.events.transfers.get(again.id()).path();
        assertThat(second).isNotEqualTo(got);
        assertThat(second.getFileName().toString()).contains(" (1)");
        assertThat(Files.readString(downloads.resolve("_CON.txt"))).isEqualTo("mine");
    }

    @Test
    void aFileThatChangesWhileBeingSentFailsInWords() throws Exception {
        Path src = randomFile(dir.resolve("log.txt"), 3_000_000, 9);
        Transfer sent = acceptedWhileAliceIsAway(src);
        Files.write(src, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        var a = aliceBack();
        await("failed on both sides", WAIT, () -> a.events.transferState(sent.id()) == TransferState.FAILED
                && bob.events.transferState(sent.id()) == TransferState.FAILED);
        assertThat(a.events.transfers.get(sent.id()).error()).contains("log.txt changed on disk while being sent");
        assertThat(bob.events.transfers.get(sent.id()).error()).contains("changed on disk");
        try (var files = Files.list(downloads)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("log.txt"));
        }
    }

    @Test
    void aTamperedChunkIsReportedAsAHashMismatchAndCanBeRetried() throws Exception {
        Path src = randomFile(dir.resolve("photo.jpg"), 8_000_000, 10);
        byte[] original = Files.readAllBytes(src);
        var mtime = Files.getLastModifiedTime(src);
        Transfer sent = acceptedWhileAliceIsAway(src);
        // Same size, same time: only the bytes differ, as if a chunk were corrupted on the way.
        byte[] tampered = original.clone();
        tampered[5_000_000] ^= 0x55;
        Files.write(src, tampered);
        Files.setLastModifiedTime(src, mtime);
        var a = aliceBack();
        await("mismatch on both sides", WAIT, () -> a.events.transferState(sent.id()) == TransferState.FAILED
                && bob.events.transferState(sent.id()) == TransferState.FAILED);
        assertThat(bob.events.transfers.get(sent.id()).error()).contains("arrived damaged").contains("SHA-256");
        assertThat(a.events.transfers.get(sent.id()).error()).contains("arrived damaged");
        assertThat(downloads.resolve("photo.jpg")).doesNotExist();
        // Put right, and retried by the receiver: fetched again from the start.
        Files.write(src, original);
        Files.setLastModifiedTime(src, mtime);
        bob.messenger.resumeFile(sent.id());
        awaitDone(sent.id());
        assertThat(Files.readAllBytes(downloads.resolve("photo.jpg"))).isEqualTo(original);
    }

    static long size(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aFullDiskIsRefusedUpFrontOrPausesMidwayKeepingThePartial() throws Exception {
        Path small = dir.resolve("small-disk");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0,
                "needs a 16 MiB tmpfs (mount as root): " + said);
        try {
            bob.messenger.setDownloads(small);
            Transfer huge = alice.messenger.sendFile("bob", randomFile(dir.resolve("huge.bin"), 20_000_000, 12));
            offeredToBob(huge);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bob.messenger.acceptFile(huge.id(), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not enough space")
                    .hasMessageContaining("19.1 MiB");
            assertThat(bob.events.transferState(huge.id())).isEqualTo(TransferState.OFFERED);

            Path src = randomFile(dir.resolve("fits.bin"), 12_000_000, 13);
            Transfer sent = acceptedWhileAliceIsAway(src);
            // Something else takes the room before the bytes come.
            Path filler = randomFile(small.resolve("filler.bin"), 8L << 20, 14);
            var a = aliceBack();
            await("paused on both sides", WAIT, () -> bob.events.transferState(sent.id()) == TransferState.PAUSED
                    && a.events.transferState(sent.id()) == TransferState.PAUSED);
            assertThat(bob.events.transfers.get(sent.id()).error()).contains("the disk is full").contains("resume");
            assertThat(a.events.transfers.get(sent.id()).error()).contains("bob's side: the disk is full");
            Path partial = bob.events.transfers.get(sent.id()).partial();
            long kept = size(partial);
            assertThat(kept).as("the partial is kept").isPositive().isLessThan(12_000_000L);
            Files.delete(filler);
            bob.messenger.resumeFile(sent.id());
            awaitDone(sent.id());
            assertThat(Sha256.of(small.resolve("fits.bin"), x -> { })).isEqualTo(Sha256.of(src, x -> { }));
            assertThat(a.messenger.wireBytes(sent.id())).isLessThan(12_000_000L + (4L << 20));
        } finally {
            fx.close();
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    /** Bob's terminal client in a process of its own, with --json events collected line by line. */
    private CliProcess bobProcess(String log) throws IOException {
        return new CliProcess(dir, "bob", fx.server, log, "--downloads", downloads.toString());
    }

    @Test
    void aReceiverKilledHalfwayFinishesAfterARestartAndOnlyTheRestIsSent() throws Exception {
        bob.close();
        await("alice sees bob gone", WAIT, () -> !alice.messenger.linked().contains("bob"));
        Path src = randomFile(dir.resolve("movie.bin"), 300_000_000, 15);
        Transfer sent;
        Path partial;
        long kept;
        try (CliProcess first = bobProcess("bob-1.log")) {
            first.type("/login bob password-bob");
            await("linked", WAIT, () -> alice.messenger.linked().contains("bob"));
            sent = alice.messenger.sendFile("bob", src);
            first.awaitLine("\"event\":\"file-offer\"", sent.id());
            first.type("/accept-file " + sent.id().substring(0, 8));
            partial = downloads.toAbsolutePath().resolve("movie.bin." + sent.id().substring(0, 8) + ".part");
            await("about half on bob's disk", WAIT, () -> size(partial) >= 150_000_000L);
            first.process.destroyForcibly(); // SIGKILL: no goodbye, no flush
            first.process.waitFor();
            kept = size(partial);
        }
        assertThat(kept).isBetween(150_000_000L, 299_999_999L);
        try (CliProcess second = bobProcess("bob-2.log")) {
            second.type("/login bob password-bob");
            String done = second.awaitLine("\"event\":\"file-done\"", sent.id());
            assertThat(done).contains("\"state\":\"done\"");
            second.type("/transfers");
            second.awaitLine("\"event\":\"transfers\"", "movie.bin");
            second.type("/quit");
            second.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(Sha256.of(downloads.resolve("movie.bin"), x -> { })).isEqualTo(Sha256.of(src, x -> { }));
        long resent = alice.messenger.wireBytes(sent.id()) - 300_000_000L;
        assertThat(resent).as("bytes sent twice").isBetween(0L, 4L << 20);
    }
}
