package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.store.AccountStore;
import dev.parley.server.store.Database;
import dev.parley.server.store.FriendStore;
import dev.parley.server.tls.TlsIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {

    @TempDir
    Path dir;

    @Test
    void migrationsRunOnceAndDataSurvivesReopening() throws Exception {
        Path file = dir.resolve("l.db");
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            new AccountStore(db).create("a", "h", 1);
            new AccountStore(db).create("b", "h", 1);
            new FriendStore(db).befriend("b", "a", 2);
        }
        try (Database db = Database.open(file)) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            assertThat(new AccountStore(db).create("A".toLowerCase(), "h", 1)).isFalse();
            assertThat(new FriendStore(db).friendsOf("a")).containsExactly("b");
            assertThat(new FriendStore(db).areFriends("a", "b")).isTrue();
        }
    }

    @Test
    void identityIsMadeOnceAndKept() throws Exception {
        Path file = dir.resolve("id.p12");
        TlsIdentity first = TlsIdentity.loadOrCreate(file, "x", new SecureRandom());
        TlsIdentity again = TlsIdentity.loadOrCreate(file, "x", new SecureRandom());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).matches("SHA256:[0-9a-f]{64}");
    }
}
