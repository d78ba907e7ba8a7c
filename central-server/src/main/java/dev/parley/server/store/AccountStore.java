package dev.parley.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Accounts: normalised usernames and their password hashes. */
public final class AccountStore {

    private final Database db;

    public AccountStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** False when the username is taken. */
    public boolean create(String username, String passwordHash, long nowMillis) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO accounts(username, password_hash, created_at) VALUES (?,?,?)")) {
                ps.setString(1, username);
                ps.setString(2, passwordHash);
                ps.setLong(3, nowMillis);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Creates many accounts in one transaction (benchmarks seeding a database). */
    public void createAll(Map<String, String> hashByUsername, long nowMillis) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO accounts(username, password_hash, created_at) VALUES (?,?,?)")) {
                for (Map.Entry<String, String> e : hashByUsername.entrySet()) {
                    ps.setString(1, e.getKey());
                    ps.setString(2, e.getValue());
                    ps.setLong(3, nowMillis);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Optional<String> passwordHash(String username) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM accounts WHERE username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public boolean exists(String username) throws SQLException {
        return passwordHash(username).isPresent();
    }

    public int count() throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM accounts");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        });
    }

}
