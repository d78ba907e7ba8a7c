package dev.parley.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** Resume tokens, stored as SHA-256 hashes so a copy of the database cannot log anyone in. */
public final class TokenStore {

    public record Issued(String username, long issuedAt) {
    }

    private final Database db;

    public TokenStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public void save(String tokenHash, String username, long nowMillis) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR REPLACE INTO resume_tokens(token_hash, username, issued_at) VALUES (?,?,?)")) {
                ps.setString(1, tokenHash);
                ps.setString(2, username);
                ps.setLong(3, nowMillis);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Issued> find(String tokenHash) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT username, issued_at FROM resume_tokens WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Issued(rs.getString(1), rs.getLong(2))) : Optional.empty();
                }
            }
        });
    }

    public void revoke(String tokenHash) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM resume_tokens WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public void purgeOlderThan(long cutoffMillis) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM resume_tokens WHERE issued_at < ?")) {
                ps.setLong(1, cutoffMillis);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
