package dev.parley.app.chat;

import dev.parley.app.core.LowPriority;
import dev.parley.server.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A profile's messages, in one SQLite file (WAL): the conversations, the outbox (outgoing
 * messages not yet acknowledged) and a full-text index. Thread-safe; writes come in batches, one
 * transaction each, so a burst of messages costs one commit. The full-text index trails the
 * messages: the "history-maintenance" thread fills it in while the writer is idle, and a search
 * first adds whatever is still missing, so searches always see every stored message.
 *
 * <p>WAL with synchronous=NORMAL: a committed transaction survives {@code kill -9} of the app
 * (it is in the OS's cache); only losing power can undo the last ones.
 *
 * <p>A message on its way to or from a friend is stored by {@link #log} into the intake
 * ({@link IntakeLog}, same guarantee, a few µs), and copied into the database by {@link #settle}
 * once it has gone out. Every read settles first, so reads see every logged message; what the
 * app was stopped before settling is copied in when the history next opens.
 */
public final class History implements AutoCloseable {

    public static final List<String> SCHEMA = List.of(
            // 1: messages, the outbox as a partial index, full-text search (trigram: works for CJK too)
            """
            CREATE TABLE messages (
              seq      INTEGER PRIMARY KEY AUTOINCREMENT,
              id       TEXT NOT NULL UNIQUE,
              peer     TEXT NOT NULL,
              outgoing INTEGER NOT NULL,
              body     TEXT NOT NULL,
              sent_at  INTEGER NOT NULL,
              state    TEXT NOT NULL
            );
            CREATE INDEX messages_peer ON messages(peer, seq);
            CREATE INDEX messages_outbox ON messages(peer, seq) WHERE state = 'SENDING';
            CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='seq', tokenize='trigram')
            """,
            // 2: how far the user has read each conversation (unread badges survive a restart)
            """
            CREATE TABLE read_marks (peer TEXT PRIMARY KEY, seq INTEGER NOT NULL)
            """,
            // 3: file transfers, both ways (transfer.TransferStore); they outlive restarts for resume
            """
            CREATE TABLE transfers (
                id TEXT PRIMARY KEY,
                peer TEXT NOT NULL,
                outgoing INTEGER NOT NULL,
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT,
                mime TEXT,
                path TEXT,
                partial TEXT,
                state TEXT NOT NULL,
                done INTEGER NOT NULL DEFAULT 0,
                error TEXT,
                source_mtime INTEGER,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            CREATE INDEX transfers_peer ON transfers(peer, created_at)
            """,
            // 4: the full-text index follows the messages instead of being written with them;
            // everything stored before this version was indexed on the way in
            """
            CREATE TABLE search_progress (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_to INTEGER NOT NULL);
            INSERT INTO search_progress VALUES (1, coalesce((SELECT max(seq) FROM messages), 0))
            """,
            // 5: without AUTOINCREMENT, whose counter row in sqlite_sequence was one more page
            // written by every message's commit. A seq is still never reused: messages are never
            // deleted, so the next one is always past the largest ever given.
            """
            CREATE TABLE messages_v5 (
              seq      INTEGER PRIMARY KEY,
              id       TEXT NOT NULL UNIQUE,
              peer     TEXT NOT NULL,
              outgoing INTEGER NOT NULL,
              body     TEXT NOT NULL,
              sent_at  INTEGER NOT NULL,
              state    TEXT NOT NULL
            );
            INSERT INTO messages_v5 SELECT seq, id, peer, outgoing, body, sent_at, state FROM messages;
            DROP TABLE messages;
            ALTER TABLE messages_v5 RENAME TO messages;
            CREATE INDEX messages_peer ON messages(peer, seq);
            CREATE INDEX messages_outbox ON messages(peer, seq) WHERE state = 'SENDING';
            DELETE FROM sqlite_sequence WHERE name = 'messages'
            """);

    /**
     * Bytes per database page. Each message is its own commit, and a commit writes every page it
     * touched whole (the row and three index entries) to the WAL: with SQLite's default of 4 KiB
     * and AUTOINCREMENT that was ~23 KB per stored message and ~8 KB per delivery mark, tens of
     * MB a second of WAL at a thousand messages a second, all of it checkpointed back. At 2 KiB
     * (and without AUTOINCREMENT) it is ~10.5 KB and ~4.3 KB. At 1 KiB the bulk throughput
     * fell by a fifth (more pages per batch of rows); at 2 KiB it is within noise of 4 KiB.
     */
    static final int PAGE_SIZE = 2048;

    /**
     * Messages indexed per step of the background catch-up, one transaction holding the history's
     * lock: ~0.7 ms. Steps of 64 held it 2-3.4 ms, and a message committed meanwhile waited
     * that long (measured during bench text once 20,000 were behind: every tick).
     */
    static final int INDEX_STEP = 16;
    /** Steps per tick while messages keep coming and the index is far behind. */
    static final int BUSY_STEPS = 4;
    /** The writer counts as idle after this long without a new message. */
    static final long IDLE_MS = 500;
    /** Beyond this many unindexed messages the index catches up even while messages keep coming. */
    static final int MAX_LAG = 20_000;
    /** Once the writer is idle, a WAL holding this much is copied back and started over. */
    static final long WAL_COPY_BYTES = 4L << 20;
    /**
     * While messages keep arriving, the WAL is copied back each time it holds this much. The
     * message after a copy-back pays an fsync to start the WAL over, and while a large file is
     * being written to the same disk an fsync can take a hundred milliseconds or more: at 4 MiB
     * that was a message every 2.5 s of chat at 100/s.
     */
    static final long BUSY_COPY_BYTES = 16L << 20;
    /** A WAL past this size is made to start over at the next checkpoint. */
    static final long WAL_RESET_BYTES = 32L << 20;
    /** The WAL file is cut back to this when it starts over. */
    static final long WAL_KEPT_BYTES = 64L << 20;
    /** Past this size the WAL starts over even if the writer has to wait longer for it. */
    static final long WAL_MAX_BYTES = 128L << 20;
    /** Frames (pages) the final, writer-holding pass may have to copy. */
    static final long RESET_FRAMES = 256;
    /**
     * How much of the WAL is kept mapped ({@link ResidentPages}). At a steady rate the WAL starts
     * over once past {@link #WAL_RESET_BYTES}, so a round stays within this. Only a writer that
     * never pauses takes it further, and keeping those pages too cost bulk throughput ~10%
     * (bench text, three alternated runs: 54k against 59k messages/s) for nothing a chat would notice.
     */
    static final long RESIDENT_WAL_BYTES = WAL_RESET_BYTES + (8L << 20);

    /** The intake file is emptied once everything in it is settled and it holds this much. */
    static final long INTAKE_CLEAR_BYTES = 1L << 20;

    /** A conversation as the contact list shows it: the newest message and how many are unread. */
    public record Summary(String peer, ChatMessage last, int unread) {
    }

    private static final String COLUMNS = "seq, id, peer, outgoing, body, sent_at, state";

    private final Database db;
    /** Prepared once per statement: the one connection lives as long as this object. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    private final Connection checkpoints;
    private final Path wal;
    private final Thread maintainer;
    private volatile boolean closing;
    /** When the user's messages last changed the history; the maintenance thread's own writes do not count. */
    private volatile long lastWrite = System.nanoTime();
    private volatile long startedOverAt = System.nanoTime();
    private final WalIndex walIndex;
    /** Null where the WAL must not be mapped (see {@link ResidentPages#supported}). */
    private final ResidentPages walPages;

    private final Pending pending;
    /** Held while copying pending messages into the database. */
    private final ReentrantLock settleLock = new ReentrantLock();

    private History(Database db, Path file) throws SQLException {
        this.db = db;
        // Copying the WAL back into the database takes milliseconds; done inside a commit it
        // would stall whichever message happened to cross the threshold. A second connection
        // does it in the background instead (PASSIVE: never blocks the writer).
        db.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint=0");
                // When the WAL starts over, a file grown by a burst shrinks back to this; above the
                // reset size, so the next round rewrites pages already there instead of new ones.
                s.execute("PRAGMA journal_size_limit=" + WAL_KEPT_BYTES);
            }
            return null;
        });
        this.wal = Path.of(file.toAbsolutePath() + "-wal");
        this.walIndex = new WalIndex(file);
        this.walPages = ResidentPages.supported() ? new ResidentPages(wal, RESIDENT_WAL_BYTES) : null;
        this.checkpoints = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), Database.connectionProperties());
        try (var s = checkpoints.createStatement()) {
            s.execute("PRAGMA synchronous=NORMAL");
        }
        Path intakeFile = Path.of(file.toAbsolutePath() + "-intake");
        IntakeLog intake;
        try {
            replay(intakeFile);
            intake = new IntakeLog(intakeFile);
        } catch (IOException e) {
            checkpoints.close();
            throw new SQLException("cannot read the history's intake " + intakeFile + ": " + e.getMessage(), e);
        }
        long nextSeq = db.inTransaction(c -> {
            try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) + 1 FROM messages")) {
                return rs.next() ? rs.getLong(1) : 1L;
            }
        });
        this.pending = new Pending(intake, nextSeq, INTAKE_CLEAR_BYTES);
        this.maintainer = Thread.ofPlatform().daemon().name("history-maintenance").start(this::maintenanceLoop);
    }

    /**
     * Copies into the database what the intake holds from a run that stopped before settling it
     * (new seqs, in order; a message already there is skipped), makes that durable with a
     * checkpoint, and only then empties the intake.
     */
    private void replay(Path intakeFile) throws IOException, SQLException {
        IntakeLog.Contents left = IntakeLog.read(intakeFile);
        if (left.discardedBytes() > 0) {
            org.slf4j.LoggerFactory.getLogger(History.class).warn(
                    "history intake {}: the last {} bytes were cut short (power lost mid-write?) and are ignored",
                    intakeFile, left.discardedBytes());
        }
        if (!left.messages().isEmpty()) {
            db.inTransaction(c -> {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO messages (id, peer, outgoing, body, sent_at, state)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")) {
                    for (ChatMessage m : left.messages()) {
                        bind(ins, 1, m);
                        ins.executeUpdate();
                    }
                }
                return null;
            });
            try (var s = checkpoints.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(FULL)");
            }
        }
        if (Files.exists(intakeFile) && Files.size(intakeFile) > 0) {
            try (IntakeLog log = new IntakeLog(intakeFile)) {
                log.clear();
            }
        }
    }

    /** Binds id, peer, outgoing, body, sent_at and state from parameter {@code at} on. */
    private static void bind(PreparedStatement ps, int at, ChatMessage m) throws SQLException {
        ps.setString(at, m.id());
        ps.setString(at + 1, m.peer());
        ps.setInt(at + 2, m.outgoing() ? 1 : 0);
        ps.setString(at + 3, m.body());
        ps.setLong(at + 4, m.sentAt());
        ps.setString(at + 5, (m.state() == Delivery.SENT ? Delivery.SENDING : m.state()).name());
    }

    public static History open(Path file) throws SQLException {
        Database db = Database.open(file, SCHEMA, PAGE_SIZE);
        try {
            return new History(db, file);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    private void maintenanceLoop() {
        // Checkpoints, index steps and page touches run for up to milliseconds at a time, and a
        // link's reader woken onto this thread's core waited out its time slice (seen with perf
        // sched: most of the round trips over 1 ms). In the idle class it gives the core up at
        // once. Three alternated runs of bench text: p99 0.79 / 0.86 / 0.87 ms against 1.33 /
        // 2.02 / 1.05, throughput within noise. A message commit that finds this thread holding
        // the lock sleeps, which frees a core for it.
        LowPriority.lowerPriority();
        while (!closing) {
            try {
                Thread.sleep(250);
                catchUpIndex();
                checkpoint();
                if (walPages != null) {
                    walPages.keep(); // after the checkpoint, whose fsync left the pages clean and droppable
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (!closing) {
                    org.slf4j.LoggerFactory.getLogger(History.class).warn("history checkpoint: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Keeps the WAL small while putting as few of its costs as possible on a message's commit.
     * The WAL starts over from its first byte once a checkpoint has copied all of it back, and
     * starting over costs an fsync, paid by whichever commit comes next. With a checkpoint every
     * tick, that was the next message's commit several times a second, and while a large file
     * was being written to the same disk that fsync took tens of milliseconds. So:
     * <ul>
     * <li>once the writer is idle, whatever was written since is copied back and the WAL started
     *     over here, so the next message finds it ready;</li>
     * <li>while messages keep arriving, the WAL is copied back (off the writer's path) each time
     *     it passes 16 MiB, so at most one commit per 16 MiB pays for starting over;</li>
     * <li>a writer that never pauses keeps a checkpoint from ever finishing, and the WAL grew by
     *     ~100 MB/s, every commit landing in fresh file pages and every page lookup searching a
     *     longer WAL index; so past 32 MiB passes are repeated until little is left, and the
     *     writer is held back for the last one and the start-over.</li>
     * </ul>
     */
    private void checkpoint() throws SQLException {
        WalIndex.State state = walIndex.read();
        if (idle()) {
            if (lastWrite - startedOverAt > 0 || (state != null && state.bytes() > WAL_COPY_BYTES)) {
                passiveCheckpoint();
                startOver(false);
            }
            return;
        }
        if (state != null && state.bytes() <= BUSY_COPY_BYTES) {
            return;
        }
        long left = passiveCheckpoint();
        long bytes = state != null ? state.bytes() : walBytes();
        if (bytes <= WAL_RESET_BYTES) {
            return;
        }
        for (int pass = 0; pass < 4 && left > RESET_FRAMES; pass++) {
            left = passiveCheckpoint();
        }
        if (left > RESET_FRAMES && bytes < WAL_MAX_BYTES) {
            return; // the writer outruns us; next tick
        }
        startOver(true);
    }

    /**
     * Holding the writer back, writes one page so the WAL starts over now: the fsync that costs is
     * paid here, not by a message. The WAL must have been copied back whole first.
     *
     * @param mayCopy whether to copy here what a writer added since the last checkpoint. Only a
     *                writer that never pauses needs that: the copy and its two fsyncs hold every
     *                message back, and while a large file was being written to the same disk they
     *                were measured at 50-145 ms. Otherwise what was added waits for the next tick.
     */
    private void startOver(boolean mayCopy) throws SQLException {
        long now = System.nanoTime();
        // A deferred transaction takes no SQLite lock until its first statement.
        boolean done = db.inTransaction(c -> {
            if (mayCopy ? passiveCheckpoint() > 0 : !copiedBack()) {
                return false; // a reader still needs part of the WAL, or a writer added to it
            }
            // SQLite skips a write that changes nothing, so the header's spare counter moves on.
            try (var s = c.createStatement()) {
                long n;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    n = rs.next() ? rs.getLong(1) : 0;
                }
                s.execute("PRAGMA user_version = " + ((n + 1) & Integer.MAX_VALUE));
            }
            return true;
        });
        if (done) {
            startedOverAt = now;
        }
    }

    /** The profile database's one connection, for the profile's other stores; closed with this history. */
    public Database database() {
        return db;
    }

    /** The WAL as its index header describes it, or null if that cannot be read. */
    WalIndex.State walState() {
        return walIndex.read();
    }

    /** Runs a PASSIVE checkpoint; returns how many WAL frames it left uncopied (a writer was busy). */
    private long passiveCheckpoint() throws SQLException {
        try (var s = checkpoints.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? Math.max(0, rs.getLong(2) - rs.getLong(3)) : 0;
        }
    }

    /**
     * Whether a checkpoint has copied every frame of the WAL into the database; if the WAL index
     * cannot be read, a checkpoint here says so (and copies what is left).
     */
    private boolean copiedBack() throws SQLException {
        WalIndex.State state = walIndex.read();
        return state != null ? state.backfilled() >= state.frames() : passiveCheckpoint() == 0;
    }

    /** The WAL file's size now (0 if it is not there). */
    long walBytes() {
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Small steps while nobody writes, so a burst of messages never waits for the index; and a
     * few steps per tick even while messages keep coming, once the index is far behind.
     */
    private void catchUpIndex() throws SQLException, InterruptedException {
        if (!idle()) {
            for (int i = 0; i < BUSY_STEPS && !closing && unindexed() > MAX_LAG; i++) {
                indexPending(INDEX_STEP);
                Thread.sleep(1);
            }
            return;
        }
        while (!closing && idle() && indexPending(INDEX_STEP) == INDEX_STEP) {
            Thread.sleep(1); // a writer that wakes up meanwhile gets in between steps
        }
    }

    private boolean idle() {
        return System.nanoTime() - lastWrite > IDLE_MS * 1_000_000L;
    }

    private PreparedStatement statement(Connection c, String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    /**
     * Stores messages on their way to or from a friend: appended to the intake in one write, with
     * their seqs, and returned so. From then on they survive {@code kill -9} of the app, and every
     * read sees them. {@link #settle} copies them into the database.
     */
    public List<ChatMessage> log(Collection<ChatMessage> messages) throws IOException {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<ChatMessage> numbered = pending.log(messages);
        lastWrite = System.nanoTime();
        return numbered;
    }

    /**
     * Copies logged messages into the database, and returns friends' messages that turned out
     * new since the last call (a resend of one stored before is not), whoever settled them.
     */
    public List<ChatMessage> settle() throws SQLException {
        settleLock.lock();
        try {
            flush();
        } finally {
            settleLock.unlock();
        }
        return pending.takeArrived();
    }

    /** Settles first if anything is pending, so a read sees every logged message. */
    private void settled() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        settleLock.lock();
        try {
            flush();
        } finally {
            settleLock.unlock();
        }
    }

    /**
     * Copies what is pending into the database in one transaction (with {@link #settleLock}
     * held) and returns the ones that were new. Once everything is in and the intake is large,
     * the intake is emptied.
     */
    private List<Pending.Entry> flush() throws SQLException {
        return flush(Integer.MAX_VALUE);
    }

    /** {@link #flush()} of only the oldest {@code max}: a prefix, so order is kept. */
    private List<Pending.Entry> flush(int max) throws SQLException {
        if (max <= 0) {
            return List.of();
        }
        List<Pending.Entry> batch = pending.waiting(max);
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Pending.Entry> fresh = db.inTransaction(c -> {
            // A conflict on seq is not ignored: seqs come from one counter, so it would be a bug.
            // One batch, the rows' change counts telling new from resent: a query with RETURNING
            // per row made a result set each (512-row settles: 10.6-12.1 µs a row against 12.5-12.7).
            PreparedStatement ins = statement(c, "INSERT INTO messages (seq, id, peer, outgoing, body, sent_at, state)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
            for (Pending.Entry e : batch) {
                ins.setLong(1, e.message().seq());
                bind(ins, 2, e.message());
                ins.addBatch();
            }
            int[] changed;
            try {
                changed = ins.executeBatch();
            } finally {
                ins.clearBatch();
            }
            List<Pending.Entry> added = new ArrayList<>(batch.size());
            for (int i = 0; i < changed.length; i++) {
                if (changed[i] > 0) {
                    added.add(batch.get(i));
                }
            }
            lastWrite = System.nanoTime();
            return added;
        });
        pending.stored(batch.size(), fresh);
        return fresh;
    }

    /**
     * Stores messages not stored yet, in one transaction, straight into the database (for
     * imports and tests; messages to and from friends go through {@link #log}). Returns the ones
     * that were new, with their {@code seq}; a message whose id is already stored is left out.
     */
    public List<ChatMessage> insert(Collection<ChatMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return List.of();
        }
        settleLock.lock();
        try {
            Set<ChatMessage> mine = Collections.newSetFromMap(new IdentityHashMap<>());
            mine.addAll(pending.queue(messages));
            List<Pending.Entry> fresh;
            try {
                fresh = flush();
            } catch (SQLException | RuntimeException e) {
                pending.drop(mine); // the caller is told they were not stored
                throw e;
            }
            List<ChatMessage> out = new ArrayList<>(fresh.size());
            for (Pending.Entry e : fresh) {
                if (mine.contains(e.message())) {
                    out.add(e.message());
                }
            }
            return out;
        } finally {
            settleLock.unlock();
        }
    }

    /**
     * Adds up to {@code max} messages not yet in the full-text index to it, oldest first, and
     * returns how many. Trigram indexing costs more than storing the message itself, so it is
     * kept off the path a message takes: done when the writer is idle, and before every search.
     */
    public int indexPending(int max) throws SQLException {
        return db.inTransaction(c -> {
            long from;
            try (ResultSet rs = statement(c, "SELECT indexed_to FROM search_progress WHERE id = 1").executeQuery()) {
                from = rs.next() ? rs.getLong(1) : 0;
            }
            PreparedStatement pending = statement(c, "SELECT seq, body FROM messages WHERE seq > ? ORDER BY seq LIMIT ?");
            pending.setLong(1, from);
            pending.setInt(2, max);
            PreparedStatement fts = statement(c, "INSERT INTO messages_fts (rowid, body) VALUES (?, ?)");
            int n = 0;
            long last = from;
            try (ResultSet rs = pending.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    fts.setLong(1, last);
                    fts.setString(2, rs.getString(2));
                    fts.executeUpdate();
                    n++;
                }
            }
            if (n > 0) {
                PreparedStatement mark = statement(c, "UPDATE search_progress SET indexed_to = ? WHERE id = 1");
                mark.setLong(1, last);
                mark.executeUpdate();
            }
            return n;
        });
    }

    /** How many stored messages the full-text index does not hold yet (seq only grows, and no message is deleted). */
    public long unindexed() throws SQLException {
        settled();
        return db.inTransaction(c -> {
            try (ResultSet rs = statement(c, "SELECT coalesce((SELECT max(seq) FROM messages), 0)"
                    + " - (SELECT indexed_to FROM search_progress WHERE id = 1)").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Indexes everything stored so far. */
    public void indexAll() throws SQLException {
        while (indexPending(5_000) > 0) {
            // next chunk
        }
    }

    /**
     * Marks outgoing messages acknowledged by the friend. Returns the ids that changed (an
     * acknowledgement repeated, or for a message we do not have, changes nothing).
     *
     * <p>A message still waiting to be settled is settled now, already marked: one commit for
     * both, where settling it when sent and marking it when acknowledged took two, the first of
     * them while the message was on its way.
     */
    public List<String> markDelivered(String peer, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        settleLock.lock();
        try {
            Pending.Delivered early = pending.deliver(peer, ids);
            flush(early.through());
            List<String> stored = ids.stream().filter(id -> !early.ids().contains(id)).toList();
            Set<String> changed = new HashSet<>(early.ids());
            if (!stored.isEmpty()) {
                changed.addAll(markStored(peer, stored));
            }
            return ids.stream().filter(changed::contains).distinct().toList();
        } finally {
            settleLock.unlock();
        }
    }

    private List<String> markStored(String peer, List<String> ids) throws SQLException {
        return db.inTransaction(c -> {
            PreparedStatement up = statement(c, "UPDATE messages SET state = 'DELIVERED'"
                    + " WHERE id = ? AND peer = ? AND outgoing = 1 AND state = 'SENDING'");
            List<String> changed = new ArrayList<>(ids.size());
            for (String id : ids) {
                up.setString(1, id);
                up.setString(2, peer);
                if (up.executeUpdate() == 1) {
                    changed.add(id);
                }
            }
            lastWrite = System.nanoTime();
            return changed;
        });
    }

    /** Outgoing messages to {@code peer} not yet acknowledged, oldest first. */
    public List<ChatMessage> outbox(String peer) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM messages WHERE state = 'SENDING' AND peer = ? ORDER BY seq", peer);
    }

    /** Friends with messages waiting in the outbox. */
    public List<String> outboxPeers() throws SQLException {
        settled();
        return db.inTransaction(c -> {
            List<String> peers = new ArrayList<>();
            try (ResultSet rs = statement(c, "SELECT DISTINCT peer FROM messages WHERE state = 'SENDING'").executeQuery()) {
                while (rs.next()) {
                    peers.add(rs.getString(1));
                }
            }
            return peers;
        });
    }

    /** The latest {@code n} messages with {@code peer}, oldest first. */
    public List<ChatMessage> latest(String peer, int n) throws SQLException {
        return before(peer, Long.MAX_VALUE, n);
    }

    /** Up to {@code n} messages with {@code peer} stored before {@code seq}, oldest first (scrolling up). */
    public List<ChatMessage> before(String peer, long seq, int n) throws SQLException {
        List<ChatMessage> page = query("SELECT " + COLUMNS + " FROM messages WHERE peer = ? AND seq < ?"
                + " ORDER BY seq DESC LIMIT ?", peer, seq, n);
        Collections.reverse(page);
        return page;
    }

    /** Every message with {@code peer} from {@code seq} on, oldest first (jumping to a search hit). */
    public List<ChatMessage> since(String peer, long seq) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM messages WHERE peer = ? AND seq >= ? ORDER BY seq", peer, seq);
    }

    /** Records that the user has read {@code peer}'s messages up to {@code seq}; never moves back. */
    public void markRead(String peer, long seq) throws SQLException {
        db.inTransaction(c -> {
            PreparedStatement ps = statement(c, "INSERT INTO read_marks (peer, seq) VALUES (?, ?)"
                    + " ON CONFLICT(peer) DO UPDATE SET seq = max(seq, excluded.seq)");
            ps.setString(1, peer);
            ps.setLong(2, seq);
            ps.executeUpdate();
            lastWrite = System.nanoTime();
            return null;
        });
    }

    /** One summary per conversation, the most recent first. */
    public List<Summary> summaries() throws SQLException {
        settled();
        return db.inTransaction(c -> {
            PreparedStatement ps = statement(c, "SELECT " + COLUMNS + ", (SELECT count(*) FROM messages u WHERE u.peer = m.peer"
                    + " AND u.outgoing = 0 AND u.seq > coalesce((SELECT r.seq FROM read_marks r WHERE r.peer = m.peer), 0))"
                    + " FROM messages m WHERE m.seq IN (SELECT max(seq) FROM messages GROUP BY peer) ORDER BY m.seq DESC");
            List<Summary> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ChatMessage m = row(rs);
                    out.add(new Summary(m.peer(), m, rs.getInt(8)));
                }
            }
            return out;
        });
    }

    /** Messages containing {@code text} (any case, any language), newest first. */
    public List<ChatMessage> search(String text, int limit) throws SQLException {
        String q = text.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        // The trigram index needs three characters; shorter queries scan.
        if (q.codePointCount(0, q.length()) < 3) {
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            return query("SELECT " + COLUMNS + " FROM messages WHERE body LIKE ? ESCAPE '\\' ORDER BY seq DESC LIMIT ?",
                    like, limit);
        }
        indexAll(); // what arrived since the last idle moment
        String phrase = "\"" + q.replace("\"", "\"\"") + "\"";
        return query("SELECT " + COLUMNS + " FROM messages WHERE seq IN"
                + " (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY seq DESC LIMIT ?", phrase, limit);
    }

    public long count() throws SQLException {
        settled();
        return db.inTransaction(c -> {
            try (ResultSet rs = statement(c, "SELECT count(*) FROM messages").executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private List<ChatMessage> query(String sql, Object... args) throws SQLException {
        settled();
        return db.inTransaction(c -> {
            PreparedStatement ps = statement(c, sql);
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<ChatMessage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static ChatMessage row(ResultSet rs) throws SQLException {
        return new ChatMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                rs.getString(5), rs.getLong(6), Delivery.valueOf(rs.getString(7)));
    }

    @Override
    public void close() throws SQLException {
        if (closing) {
            return;
        }
        closing = true;
        maintainer.interrupt();
        try {
            maintainer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            settled();
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(History.class).warn("history: left in the intake for the next start: {}", e.getMessage());
        }
        checkpoints.close();
        walIndex.close();
        db.inTransaction(c -> {
            for (PreparedStatement ps : prepared.values()) {
                ps.close();
            }
            prepared.clear();
            return null;
        });
        db.close(); // the last connection out copies the WAL back and syncs the database
        try {
            pending.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(History.class).warn("history intake: {}", e.getMessage());
        }
    }
}
