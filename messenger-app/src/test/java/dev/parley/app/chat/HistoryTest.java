package dev.parley.app.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history on a real SQLite file: the full-text index that trails the messages, and a WAL that stays small. */
class HistoryTest {

    @TempDir
    Path dir;

    private static List<ChatMessage> messages(String peer, int n, String word) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ChatMessage(0, UUID.randomUUID().toString(), peer, i % 2 == 0,
                    "message " + i + " " + word, 1_700_000_000_000L + i, i % 2 == 0 ? Delivery.SENDING : Delivery.RECEIVED));
        }
        return out;
    }

    @Test
    void aSearchRightAfterStoringFindsEveryMessageInAnyScript() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.insert(messages("bob", 300, "about the 火车站 timetable"));
            h.insert(List.of(new ChatMessage(0, "last", "bob", false, "مرحبا بالعالم 😀 see you", 1_800_000_000_000L,
                    Delivery.RECEIVED)));
            assertThat(h.unindexed()).as("stored without the index").isEqualTo(301);
            assertThat(h.search("火车站", 1000)).hasSize(300);
            assertThat(h.search("بالعالم", 10)).extracting(ChatMessage::id).containsExactly("last");
            assertThat(h.unindexed()).isZero();
            assertThat(h.search("timetable", 1000)).as("nothing indexed twice").hasSize(300);
        }
    }

    @Test
    void theIndexCatchesUpByItselfOnceNoMessageArrives() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.insert(messages("carol", 2_000, "lunch at noon"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (h.unindexed() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(h.unindexed()).as("indexed in the background within 20 s").isZero();
            assertThat(h.search("noon", 5000)).hasSize(2_000);
        }
    }

    @Test
    void howFarTheIndexGotSurvivesAReopen() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            h.insert(messages("dave", 100, "first batch"));
            assertThat(h.indexPending(40)).isEqualTo(40);
            h.insert(messages("dave", 50, "second batch"));
        }
        try (History h = History.open(file)) {
            assertThat(h.unindexed()).isEqualTo(110);
            assertThat(h.search("batch", 1000)).hasSize(150);
            assertThat(h.search("first batch", 1000)).hasSize(100);
            assertThat(h.unindexed()).isZero();
        }
    }

    @Test
    void aHistoryFromBeforeTheTrailingIndexIsTakenAsIndexed() throws Exception {
        Path file = dir.resolve("history.db");
        // schema version 3 wrote the index with every message
        try (dev.parley.server.store.Database old = dev.parley.server.store.Database.open(file, History.SCHEMA.subList(0, 3))) {
            old.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    for (int i = 1; i <= 20; i++) {
                        s.execute("INSERT INTO messages (seq, id, peer, outgoing, body, sent_at, state) VALUES (" + i + ", 'm" + i
                                + "', 'erin', 0, 'old news " + i + "', " + i + ", 'RECEIVED')");
                        s.execute("INSERT INTO messages_fts (rowid, body) VALUES (" + i + ", 'old news " + i + "')");
                    }
                }
                return null;
            });
        }
        try (History h = History.open(file)) {
            assertThat(h.unindexed()).isZero();
            assertThat(h.search("old news", 100)).hasSize(20);
            h.insert(messages("erin", 5, "new news"));
            assertThat(h.search("news", 100)).hasSize(25);
        }
    }

    @Test
    void aHistoryMadeWithLargerPagesIsRebuiltOnceAndKeepsEverything() throws Exception {
        Path file = dir.resolve("history.db");
        List<String> ids = new ArrayList<>();
        // schema version 4 with SQLite's default pages: the history as earlier versions left it
        try (dev.parley.server.store.Database old = dev.parley.server.store.Database.open(file, History.SCHEMA.subList(0, 4))) {
            old.inTransaction(c -> {
                try (var s = c.createStatement()) {
                    for (int i = 1; i <= 300; i++) {
                        String id = "old-" + i;
                        ids.add(id);
                        s.execute("INSERT INTO messages (id, peer, outgoing, body, sent_at, state) VALUES ('" + id
                                + "', 'fay', " + (i % 2) + ", 'kept across the rebuild " + i + "', " + i + ", '"
                                + (i % 2 == 1 ? "SENDING" : "RECEIVED") + "')");
                    }
                }
                return null;
            });
            assertThat(pageSize(old)).isEqualTo(4096);
        }
        try (History h = History.open(file)) {
            assertThat(pageSize(h.database())).isEqualTo(History.PAGE_SIZE);
            assertThat(h.latest("fay", 1000)).extracting(ChatMessage::id).containsExactlyElementsOf(ids);
            assertThat(h.latest("fay", 1).getFirst().seq()).isEqualTo(300);
            assertThat(h.outbox("fay")).hasSize(150);
            List<ChatMessage> fresh = h.insert(messages("fay", 2, "after the rebuild"));
            assertThat(fresh).extracting(ChatMessage::seq).containsExactly(301L, 302L);
            assertThat(h.search("across the rebuild", 1000)).hasSize(300);
        }
        try (History h = History.open(file)) {
            assertThat(h.latest("fay", 1000)).hasSize(302);
        }
    }

    @Test
    void aNewHistoryUsesSmallPages() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            assertThat(pageSize(h.database())).isEqualTo(History.PAGE_SIZE);
            h.insert(messages("gus", 3, "hello"));
            assertThat(h.latest("gus", 10)).extracting(ChatMessage::seq).containsExactly(1L, 2L, 3L);
        }
    }

    private static long pageSize(dev.parley.server.store.Database db) throws Exception {
        return db.inTransaction(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA page_size")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Test
    void theDriverIsNotAskedForGeneratedKeys() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            // with them on, every INSERT run as an update was followed by a second query
            boolean on = h.database().inTransaction(c -> c.unwrap(org.sqlite.SQLiteConnection.class)
                    .getConnectionConfig().isGetGeneratedKeys());
            assertThat(on).isFalse();
        }
    }

    @Test
    void theMaintenanceThreadKeepsTheWalMapped() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/self/smaps")));
        Path file = dir.resolve("history.db");
        Path wal = Path.of(file.toAbsolutePath() + "-wal");
        try (History h = History.open(file)) {
            h.insert(messages("hal", 500, "keep me in memory"));
            long until = System.nanoTime() + 5_000_000_000L;
            while (ResidentPagesTest.residentKb(wal) == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(ResidentPagesTest.residentKb(wal)).as("kB of the WAL mapped and resident").isPositive();
        }
    }

    @Test
    void theMaintenanceThreadGivesItsCoreUpToEveryOtherThread() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(tasks), "Linux only");
        try (History h = History.open(dir.resolve("history.db"))) {
            long until = System.nanoTime() + 5_000_000_000L;
            boolean low = false;
            while (!low && System.nanoTime() < until) {
                Thread.sleep(20);
                try (var all = java.nio.file.Files.list(tasks)) {
                    for (Path t : all.toList()) {
                        String stat;
                        try {
                            stat = java.nio.file.Files.readString(t.resolve("stat"));
                        } catch (java.io.IOException gone) {
                            continue;
                        }
                        if (!stat.contains("(history-mainten)")) {
                            continue;
                        }
                        // proc(5): policy is field 41 and nice field 19, counted from 1
                        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        low |= rest[38].equals("5") || Integer.parseInt(rest[16]) >= 10;
                    }
                }
            }
            assertThat(low).as("history-maintenance in the idle class (or at nice 10)").isTrue();
        }
    }

    @Test
    void anEmptyHistoryHasNothingToIndex() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            assertThat(h.unindexed()).isZero();
            assertThat(h.indexPending(64)).isZero();
            assertThat(h.search("anything", 10)).isEmpty();
        }
    }

    @Test
    void theWalStartsOverWhileMessagesKeepArriving() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            // One commit per message, never a pause long enough for a checkpoint to finish on its
            // own: without help the WAL grows by tens of MB a second and never starts over.
            long largest = 0;
            long until = System.nanoTime() + 4_000_000_000L;
            int n = 0;
            while (System.nanoTime() < until) {
                ChatMessage m = new ChatMessage(0, "m" + n++, "bob", true, "x".repeat(200), n, Delivery.SENDING);
                h.insert(List.of(m));
                h.markDelivered("bob", List.of(m.id()));
                largest = Math.max(largest, h.walBytes());
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            assertThat(n).as("messages written").isGreaterThan(2_000);
            assertThat(largest).as("the WAL at its largest").isLessThan(History.WAL_RESET_BYTES * 3);
            assertThat(h.count()).isEqualTo(n);
        }
    }

    @Test
    void whileMessagesKeepArrivingTheWalDoesNotStartOverOnTheirCommits() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.insert(List.of(new ChatMessage(0, "first", "bob", true, "hello", 1, Delivery.SENDING)));
            WalIndex.State before = h.walState();
            assertThat(before).as("the WAL index header").isNotNull();
            // A message every 5 ms for a second (four maintenance ticks): never idle, and less
            // WAL than a copy-back waits for. Starting over would make one of these commits pay an fsync.
            long until = System.nanoTime() + 1_000_000_000L;
            int n = 0;
            while (System.nanoTime() < until && h.walState().bytes() < History.WAL_COPY_BYTES * 3 / 4) {
                ChatMessage m = new ChatMessage(0, "m" + n++, "bob", true, "x".repeat(200), n, Delivery.SENDING);
                h.insert(List.of(m));
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
            assertThat(n).as("messages written").isGreaterThan(100);
            WalIndex.State after = h.walState();
            assertThat(after.salt()).as("the WAL started over").isEqualTo(before.salt());
            assertThat(after.frames()).isGreaterThan(before.frames() + n);
        }
    }

    @Test
    void onceTheWriterIsIdleTheWalIsCopiedBackAndStartedOver() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            for (int i = 0; i < 50; i++) {
                h.insert(List.of(new ChatMessage(0, "m" + i, "bob", true, "message " + i, i, Delivery.SENDING)));
            }
            WalIndex.State busy = h.walState();
            assertThat(busy.frames()).isGreaterThan(50);
            long deadline = System.nanoTime() + 5_000_000_000L;
            WalIndex.State now = h.walState();
            while ((now == null || now.salt() == busy.salt()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                now = h.walState();
            }
            assertThat(now.salt()).as("the WAL started over").isNotEqualTo(busy.salt());
            assertThat(now.frames()).as("frames left after starting over").isLessThanOrEqualTo(2);
            // The next message goes into the fresh WAL without starting it over again.
            h.insert(List.of(new ChatMessage(0, "next", "bob", true, "after a pause", 99, Delivery.SENDING)));
            WalIndex.State next = h.walState();
            assertThat(next.salt()).isEqualTo(now.salt());
            assertThat(next.frames()).isGreaterThan(now.frames());
            assertThat(h.count()).isEqualTo(51);
        }
    }
}
