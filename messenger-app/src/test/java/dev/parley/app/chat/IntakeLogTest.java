package dev.parley.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake file on its own: what goes in comes back, and damage at its end is cut off, not read. */
class IntakeLogTest {

    @TempDir
    Path dir;

    private static final List<ChatMessage> SOME = List.of(
            new ChatMessage(7, "id-1", "bob", true, "hello 你好 😀", 1_700_000_000_000L, Delivery.SENDING),
            new ChatMessage(8, "ид\u0000🙂", "bob", false, "مرحبا بالعالم", 1_700_000_000_001L, Delivery.RECEIVED),
            new ChatMessage(9, "id-3", "carol", false, "", 0, Delivery.RECEIVED),
            new ChatMessage(10, "id-4", "carol", false, "x".repeat(65_536), -1, Delivery.RECEIVED));

    @Test
    void messagesComeBackAsTheyWentIn() throws Exception {
        Path file = dir.resolve("h.db-intake");
        try (IntakeLog log = new IntakeLog(file)) {
            log.append(SOME.subList(0, 2));
            log.append(SOME.subList(2, 4));
            assertThat(log.size()).isEqualTo(Files.size(file));
        }
        IntakeLog.Contents back = IntakeLog.read(file);
        assertThat(back.messages()).isEqualTo(SOME);
        assertThat(back.discardedBytes()).isZero();
    }

    @Test
    void reopeningAppendsAfterWhatIsThere() throws Exception {
        Path file = dir.resolve("h.db-intake");
        try (IntakeLog log = new IntakeLog(file)) {
            log.append(SOME.subList(0, 1));
        }
        try (IntakeLog log = new IntakeLog(file)) {
            assertThat(log.size()).isPositive();
            log.append(SOME.subList(1, 2));
        }
        assertThat(IntakeLog.read(file).messages()).isEqualTo(SOME.subList(0, 2));
    }

    @Test
    void aRecordCutShortAtTheEndIsLeftOutAndTheRestKept() throws Exception {
        Path file = dir.resolve("h.db-intake");
        try (IntakeLog log = new IntakeLog(file)) {
            log.append(SOME.subList(0, 3));
        }
        long whole = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(whole - 3); // the last write cut off when the power went
        }
        IntakeLog.Contents back = IntakeLog.read(file);
        assertThat(back.messages()).isEqualTo(SOME.subList(0, 2));
        assertThat(back.discardedBytes()).isPositive();
    }

    @Test
    void aRecordThatFailsItsChecksumEndsTheReading() throws Exception {
        Path file = dir.resolve("h.db-intake");
        try (IntakeLog log = new IntakeLog(file)) {
            log.append(SOME.subList(0, 2));
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x55; // inside the second record's body
        Files.write(file, bytes);
        IntakeLog.Contents back = IntakeLog.read(file);
        assertThat(back.messages()).isEqualTo(SOME.subList(0, 1));
        assertThat(back.discardedBytes()).isEqualTo(bytes.length - IntakeLog.encode(SOME.subList(0, 1)).length);
    }

    @Test
    void anAbsurdLengthIsDamageNotAnAllocation() throws Exception {
        Path file = dir.resolve("h.db-intake");
        byte[] good = IntakeLog.encode(SOME.subList(0, 1));
        byte[] bad = new byte[good.length + 12];
        System.arraycopy(good, 0, bad, 0, good.length);
        bad[good.length] = 0x7f; // a length of ~2 GB, then zeros
        Files.write(file, bad);
        IntakeLog.Contents back = IntakeLog.read(file);
        assertThat(back.messages()).isEqualTo(SOME.subList(0, 1));
        assertThat(back.discardedBytes()).isEqualTo(12);
    }

    @Test
    void noFileHoldsNothingAndClearingEmptiesIt() throws Exception {
        Path file = dir.resolve("h.db-intake");
        assertThat(IntakeLog.read(file).messages()).isEmpty();
        try (IntakeLog log = new IntakeLog(file)) {
            log.append(SOME);
            log.clear();
            assertThat(log.size()).isZero();
            log.append(SOME.subList(0, 1));
        }
        assertThat(IntakeLog.read(file).messages()).isEqualTo(SOME.subList(0, 1));
    }

    @Test
    void aFullDiskIsAnErrorThatSaysSo() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "Linux only");
        try (IntakeLog log = new IntakeLog(full)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(SOME))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("No space left");
            assertThat(log.size()).isZero();
        }
    }
}
