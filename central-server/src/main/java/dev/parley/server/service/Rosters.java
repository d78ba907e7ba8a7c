package dev.parley.server.service;

import dev.parley.server.store.FriendStore;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is friends with whom, cached in memory for online users so presence fan-out and lookups
 * never touch the database. Loads and changes happen under one lock, so a load can never miss a
 * friendship being written at the same moment.
 */
public final class Rosters {

    private final FriendStore store;
    private final ConcurrentHashMap<String, Set<String>> cache = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    public Rosters(FriendStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The friends of {@code user}; a live view, safe to iterate while others change it. */
    public Set<String> friendsOf(String user) throws SQLException {
        Set<String> cached = cache.get(user);
        if (cached != null) {
            return cached;
        }
        synchronized (lock) {
            cached = cache.get(user);
            if (cached == null) {
                cached = ConcurrentHashMap.newKeySet();
                cached.addAll(store.friendsOf(user));
                cache.put(user, cached);
            }
            return cached;
        }
    }

    public boolean areFriends(String a, String b) throws SQLException {
        Set<String> cached = cache.get(a);
        return cached != null ? cached.contains(b) : store.areFriends(a, b);
    }

    public void befriend(String a, String b, long nowMillis) throws SQLException {
        synchronized (lock) {
            store.befriend(a, b, nowMillis);
            cache.computeIfPresent(a, (k, s) -> add(s, b));
            cache.computeIfPresent(b, (k, s) -> add(s, a));
        }
    }

    public boolean unfriend(String a, String b) throws SQLException {
        synchronized (lock) {
            boolean removed = store.unfriend(a, b);
            cache.computeIfPresent(a, (k, s) -> remove(s, b));
            cache.computeIfPresent(b, (k, s) -> remove(s, a));
            return removed;
        }
    }

    /** Drops a user who went offline from the cache. */
    public void forget(String user) {
        synchronized (lock) {
            cache.remove(user);
        }
    }

    private static Set<String> add(Set<String> s, String v) {
        s.add(v);
        return s;
    }

    private static Set<String> remove(Set<String> s, String v) {
        s.remove(v);
        return s;
    }
}
