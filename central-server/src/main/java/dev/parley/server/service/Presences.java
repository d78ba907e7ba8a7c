package dev.parley.server.service;

import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online now (soft state, rebuilt from logins and heartbeats) and telling their online
 * friends at once of every change.
 */
public final class Presences {

    private static final Logger log = LoggerFactory.getLogger(Presences.class);

    private final ConcurrentHashMap<String, OnlineSession> online = new ConcurrentHashMap<>();
    private final Rosters rosters;
    private final Payloads payloads;

    public Presences(Rosters rosters, Payloads payloads) {
        this.rosters = Objects.requireNonNull(rosters, "rosters");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
    }

    public OnlineSession get(String user) {
        return online.get(user);
    }

    public Presence statusOf(String user) {
        OnlineSession s = online.get(user);
        return s == null ? Presence.OFFLINE : s.status();
    }

    public Collection<OnlineSession> all() {
        return online.values();
    }

    public int count() {
        return online.size();
    }

    /** Makes {@code session} the user's session; returns the one it replaced, or null. */
    public OnlineSession put(OnlineSession session) throws SQLException {
        rosters.friendsOf(session.username()); // warm the cache before friends can look us up
        OnlineSession previous = online.put(session.username(), session);
        Presence before = previous == null ? Presence.OFFLINE : previous.status();
        if (before != session.status()) {
            broadcast(session.username(), session.status());
        }
        return previous;
    }

    /** Removes {@code session} if it is still the user's current one, and tells their friends. */
    public boolean remove(OnlineSession session) {
        if (!online.remove(session.username(), session)) {
            return false;
        }
        try {
            broadcast(session.username(), Presence.OFFLINE);
        } catch (SQLException e) {
            log.warn("could not tell friends that {} went offline: {}", session.username(), e.getMessage());
        }
        rosters.forget(session.username());
        return true;
    }

    public void change(OnlineSession session, Presence status) throws SQLException {
        if (session.status() != status) {
            session.status(status);
            broadcast(session.username(), status);
        }
    }

    /** Sends a PRESENCE push about {@code user} to each of their online friends. */
    public void broadcast(String user, Presence status) throws SQLException {
        Frame push = null;
        for (String friend : rosters.friendsOf(user)) {
            OnlineSession s = online.get(friend);
            if (s != null) {
                if (push == null) {
                    push = payloads.frame(Header.command(Command.PRESENCE, null, 0), new PresenceChange(user, status));
                }
                s.peer().send(push);
            }
        }
    }

    /** Sends {@code frame} to {@code user} if online. */
    public boolean push(String user, Frame frame) {
        OnlineSession s = online.get(user);
        if (s == null) {
            return false;
        }
        s.peer().send(frame);
        return true;
    }
}
