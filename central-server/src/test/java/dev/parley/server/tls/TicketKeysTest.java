package dev.parley.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketKeysTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void theFirstKeyIsMadeOnceAndReadBackAfterARestart() throws Exception {
        Path file = dir.resolve("keys");
        TicketKeys first = TicketKeys.loadOrCreate(file, at(T0), new SecureRandom(), DAY);
        assertThat(first.keys()).hasSize(1);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        TicketKeys again = TicketKeys.loadOrCreate(file, at(T0.plus(Duration.ofHours(23))), new SecureRandom(), DAY);
        assertThat(again.keys()).hasSize(1);
        assertThat(again.keys().getFirst().bytes()).isEqualTo(first.keys().getFirst().bytes());
        assertThat(again.keys().getFirst().createdMillis()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void aNewKeySealsOnceTheOldOneIsDueAndTheOldOneStillOpensUntilTheNextTurn() throws Exception {
        Path file = dir.resolve("keys");
        byte[] k0 = TicketKeys.loadOrCreate(file, at(T0), new SecureRandom(), DAY).keys().getFirst().bytes();

        TicketKeys t = TicketKeys.loadOrCreate(file, at(T0.plus(DAY)), new SecureRandom(), DAY);
        List<TicketKeys.Key> keys = t.keys();
        assertThat(keys).hasSize(2);
        assertThat(keys.get(0).bytes()).isNotEqualTo(k0);
        assertThat(keys.get(1).bytes()).as("the old key still opens its tickets").isEqualTo(k0);
        assertThat(t.rotateIfDue()).as("not due again yet").isFalse();

        TicketKeys later = TicketKeys.loadOrCreate(file, at(T0.plus(DAY.multipliedBy(2))), new SecureRandom(), DAY);
        assertThat(later.keys()).hasSize(2);
        assertThat(later.keys().get(1).bytes()).isEqualTo(keys.get(0).bytes());
        assertThat(later.keys()).noneMatch(k -> java.util.Arrays.equals(k.bytes(), k0));
    }

    @Test
    void anUnreadableFileIsReplacedByANewKey() throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "not a key\n");
        TicketKeys t = TicketKeys.loadOrCreate(file, at(T0), new SecureRandom(), DAY);
        assertThat(t.keys()).hasSize(1);
        assertThat(Files.readString(file)).matches(T0.toEpochMilli() + " [0-9a-f]{96}\\n");

        Files.writeString(file, "12 " + "zz".repeat(48) + "\n");
        assertThat(TicketKeys.loadOrCreate(file, at(T0), new SecureRandom(), DAY).keys()).hasSize(1);
    }
}
