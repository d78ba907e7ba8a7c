package dev.parley.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Mutual friendships (stored once, as an ordered pair) and pending friend requests. */
public final class FriendStore {

    /** A pending request from {@code from} to {@code to}. */
    public record PendingRequest(String from, String to, String message, long createdAt) {
    }

    private final Database db;

    public FriendStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    public Set<String> friendsOf(String user) throws SQLException {
        return db.inTransaction(c -> {
            Set<String> out = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT user_b FROM friendships WHERE user_a = ? UNION ALL SELECT user_a FROM friendships WHERE user_b = ?")) {
                ps.setString(1, user);
                ps.setString(2, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    public boolean areFriends(String a, String b) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM friendships WHERE user_a = ? AND user_b = ?")) {
                ps.setString(1, min(a, b));
                ps.setString(2, max(a, b));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Makes a and b friends and drops any requests between them, in one transaction. */
    public void befriend(String a, String b, long nowMillis) throws SQLException {
        db.inTransaction(c -> {
            insertFriendship(c, a, b, nowMillis);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM friend_requests WHERE (from_user = ? AND to_user = ?) OR (from_user = ? AND to_user = ?)")) {
                ps.setString(1, a);
                ps.setString(2, b);
                ps.setString(3, b);
                ps.setString(4, a);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Many friendships in one transaction (benchmarks seeding a database). */
    public void befriendAll(List<String[]> pairs, long nowMillis) throws SQLException {
        db.inTransaction(c -> {
            for (String[] p : pairs) {
                insertFriendship(c, p[0], p[1], nowMillis);
            }
            return null;
        });
    }

    private static void insertFriendship(Connection c, String a, String b, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO friendships(user_a, user_b, since) VALUES (?,?,?)")) {
            ps.setString(1, min(a, b));
            ps.setString(2, max(a, b));
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    public boolean unfriend(String a, String b) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM friendships WHERE user_a = ? AND user_b = ?")) {
                ps.setString(1, min(a, b));
                ps.setString(2, max(a, b));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** False when a request from→to is already pending. */
    public boolean addRequest(String from, String to, String message, long nowMillis) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT OR IGNORE INTO friend_requests(from_user, to_user, message, created_at) VALUES (?,?,?,?)")) {
                ps.setString(1, from);
                ps.setString(2, to);
                ps.setString(3, message);
                ps.setLong(4, nowMillis);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean hasRequest(String from, String to) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM friend_requests WHERE from_user = ? AND to_user = ?")) {
                ps.setString(1, from);
                ps.setString(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public boolean removeRequest(String from, String to) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM friend_requests WHERE from_user = ? AND to_user = ?")) {
                ps.setString(1, from);
                ps.setString(2, to);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public List<PendingRequest> incoming(String user) throws SQLException {
        return requests("SELECT from_user, to_user, message, created_at FROM friend_requests WHERE to_user = ? ORDER BY created_at", user);
    }

    public List<PendingRequest> outgoing(String user) throws SQLException {
        return requests("SELECT from_user, to_user, message, created_at FROM friend_requests WHERE from_user = ? ORDER BY created_at", user);
    }

    private List<PendingRequest> requests(String sql, String user) throws SQLException {
        return db.inTransaction(c -> {
            List<PendingRequest> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingRequest(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }
                }
            }
            return out;
        });
    }

    private static String min(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) <= 0 ? b : a;
    }
}
