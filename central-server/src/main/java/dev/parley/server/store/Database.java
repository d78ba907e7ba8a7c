package dev.parley.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SQLite file (WAL), opened once and migrated to the newest schema: the locator's, and each
 * client profile's history. One JDBC connection guarded by a lock: SQLite serialises writers
 * anyway, and the locator keeps its hot reads (presence, rosters of online users) in memory.
 *
 * <p>synchronous=NORMAL: in WAL mode a process crash loses nothing committed; only a power loss
 * can lose the last transactions.
 */
public final class Database implements AutoCloseable {

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** The locator's versioned schema; append only, never edit a released step. */
    public static final List<String> LOCATOR_SCHEMA = List.of(
            // 1: accounts, friendships, pending requests, resume tokens
            """
            CREATE TABLE accounts (
              username      TEXT PRIMARY KEY,
              password_hash TEXT NOT NULL,
              created_at    INTEGER NOT NULL
            );
            CREATE TABLE friendships (
              user_a TEXT NOT NULL REFERENCES accounts(username),
              user_b TEXT NOT NULL REFERENCES accounts(username),
              since  INTEGER NOT NULL,
              PRIMARY KEY (user_a, user_b),
              CHECK (user_a < user_b)
            );
            CREATE INDEX friendships_b ON friendships(user_b);
            CREATE TABLE friend_requests (
              from_user  TEXT NOT NULL REFERENCES accounts(username),
              to_user    TEXT NOT NULL REFERENCES accounts(username),
              message    TEXT,
              created_at INTEGER NOT NULL,
              PRIMARY KEY (from_user, to_user)
            );
            CREATE INDEX friend_requests_to ON friend_requests(to_user);
            CREATE TABLE resume_tokens (
              token_hash TEXT PRIMARY KEY,
              username   TEXT NOT NULL REFERENCES accounts(username),
              issued_at  INTEGER NOT NULL
            );
            CREATE INDEX resume_tokens_user ON resume_tokens(username);
            """);

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> migrations;

    private Database(Connection connection, List<String> migrations) {
        this.connection = connection;
        this.migrations = migrations;
    }

    /** Opens the locator's database. */
    public static Database open(Path file) throws SQLException {
        return open(file, LOCATOR_SCHEMA);
    }

    /**
     * Opens {@code file} and applies the steps of {@code migrations} it has not seen yet. Each
     * step is statements separated by {@code ;} (so no triggers).
     */
    public static Database open(Path file, List<String> migrations) throws SQLException {
        return open(file, migrations, 0);
    }

    /**
     * As {@link #open(Path, List)}, with pages of {@code pageSize} bytes (0: SQLite's default,
     * 4096). A commit writes every page it touched, whole, to the WAL: for a store of small rows
     * committed one at a time, smaller pages mean several times fewer bytes per commit. A file
     * made with another page size is rebuilt once (VACUUM) when opened.
     */
    public static Database open(Path file, List<String> migrations, int pageSize) throws SQLException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create directory for " + file + ": " + e.getMessage(), e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), connectionProperties());
        Database db = new Database(c, List.copyOf(migrations));
        try {
            try (Statement s = c.createStatement()) {
                if (pageSize > 0) {
                    usePageSize(s, pageSize);
                }
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=ON");
                s.execute("PRAGMA busy_timeout=5000");
            }
            db.migrate();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return db;
    }

    /**
     * Driver settings for every connection. Nothing here reads generated keys (RETURNING says
     * what a statement made), and with them on, the driver matches every update's SQL against a
     * pattern and follows each INSERT with a second query, {@code SELECT last_insert_rowid()}.
     */
    public static Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("jdbc.get_generated_keys", "false");
        return p;
    }

    /**
     * A new file takes the page size at once. An existing one keeps its own until rebuilt, and
     * SQLite rebuilds with a new page size only outside WAL mode; the rebuild is one transaction.
     */
    private static void usePageSize(Statement s, int pageSize) throws SQLException {
        if (pragma(s, "page_size") == pageSize) {
            return;
        }
        if (pragma(s, "page_count") == 0) {
            s.execute("PRAGMA page_size=" + pageSize);
            return;
        }
        s.execute("PRAGMA journal_mode=DELETE");
        s.execute("PRAGMA page_size=" + pageSize);
        s.execute("VACUUM");
    }

    private static long pragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    public int schemaVersion() throws SQLException {
        return inTransaction(Database::version);
    }

    private void migrate() throws SQLException {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            }
            int current = version(c);
            if (current > migrations.size()) {
                throw new SQLException("database schema version " + current
                        + " is newer than this program knows (" + migrations.size() + ")");
            }
            for (int v = current; v < migrations.size(); v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : migrations.get(v).split(";")) {
                        if (!sql.isBlank()) {
                            s.execute(sql);
                        }
                    }
                    s.execute("DELETE FROM schema_version");
                    s.execute("INSERT INTO schema_version VALUES (" + (v + 1) + ")");
                }
            }
            return null;
        });
    }

    private static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Runs {@code work} in one transaction; rolls back if it throws. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        lock.lock();
        try {
            connection.close();
        } finally {
            lock.unlock();
        }
    }
}
