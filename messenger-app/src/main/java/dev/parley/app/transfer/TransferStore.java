package dev.parley.app.transfer;

import dev.parley.app.chat.History;
import dev.parley.server.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code transfers} table of the profile's database, on a connection of its own (WAL lets it
 * write beside the history's). Written by the transfers lane; read from anywhere.
 */
public final class TransferStore {

    private static final String COLUMNS = "id, peer, outgoing, name, size, sha256, mime, path, partial, state, done, error,"
            + " source_mtime, created_at, updated_at";

    private final Database db;

    /**
     * @param db the profile database, opened by its {@link History} and shared with it: one
     *           connection, so a transfer's writes and a message's commit queue on one lock
     *           instead of SQLite's busy handler, which sleeps 1, 2, 5, 10... ms between tries
     */
    public TransferStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public void save(Transfer t) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO transfers (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT(id) DO UPDATE SET name = excluded.name, size = excluded.size, sha256 = excluded.sha256,"
                    + " mime = excluded.mime, path = excluded.path, partial = excluded.partial, state = excluded.state,"
                    + " done = excluded.done, error = excluded.error, source_mtime = excluded.source_mtime,"
                    + " updated_at = excluded.updated_at")) {
                ps.setString(1, t.id());
                ps.setString(2, t.peer());
                ps.setInt(3, t.outgoing() ? 1 : 0);
                ps.setString(4, t.name());
                ps.setLong(5, t.size());
                ps.setString(6, t.sha256());
                ps.setString(7, t.mime());
                ps.setString(8, t.path() == null ? null : t.path().toString());
                ps.setString(9, t.partial() == null ? null : t.partial().toString());
                ps.setString(10, t.state().name());
                ps.setLong(11, t.done());
                ps.setString(12, t.error());
                ps.setLong(13, t.sourceMtime());
                ps.setLong(14, t.createdAt());
                ps.setLong(15, t.updatedAt());
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Transfer> get(String id) throws SQLException {
        List<Transfer> l = query("WHERE id = ?", id);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
    }

    /** Every transfer, oldest first. */
    public List<Transfer> all() throws SQLException {
        return query("ORDER BY created_at, id");
    }

    /** The transfers with {@code peer}, oldest first. */
    public List<Transfer> with(String peer) throws SQLException {
        return query("WHERE peer = ? ORDER BY created_at, id", peer);
    }

    private List<Transfer> query(String where, String... args) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM transfers " + where)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                List<Transfer> out = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(row(r));
                    }
                }
                return out;
            }
        });
    }

    private static Transfer row(ResultSet r) throws SQLException {
        String path = r.getString(8);
        String partial = r.getString(9);
        return new Transfer(r.getString(1), r.getString(2), r.getInt(3) == 1, r.getString(4), r.getLong(5), r.getString(6),
                r.getString(7), path == null ? null : Path.of(path), partial == null ? null : Path.of(partial),
                TransferState.valueOf(r.getString(10)), r.getLong(11), r.getString(12), r.getLong(13), r.getLong(14),
                r.getLong(15));
    }
}
