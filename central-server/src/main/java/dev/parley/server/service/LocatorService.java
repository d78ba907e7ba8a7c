package dev.parley.server.service;

import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import dev.parley.protocol.locator.LocatorMessages.Register;
import dev.parley.protocol.locator.LocatorMessages.Resume;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import java.sql.SQLException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns each COMMAND frame from a client into exactly one OK or ERROR reply carrying its id. */
public final class LocatorService {

    private static final Logger log = LoggerFactory.getLogger(LocatorService.class);

    private final AccountService accounts;
    private final FriendService friends;
    private final Presences presences;
    private final Payloads payloads;

    public LocatorService(AccountService accounts, FriendService friends, Presences presences, Payloads payloads) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.friends = Objects.requireNonNull(friends, "friends");
        this.presences = Objects.requireNonNull(presences, "presences");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
    }

    public void handle(Peer peer, Frame frame) {
        Header h = frame.header();
        Command cmd = h.command();
        try {
            if (h.type() != FrameType.COMMAND) {
                throw new RequestRefused(ErrorCode.BAD_REQUEST, "the locator takes COMMAND frames, not " + h.type());
            }
            if (cmd == null) {
                throw new RequestRefused(ErrorCode.BAD_REQUEST, "COMMAND frame without a command");
            }
            Object body = dispatch(peer, cmd, frame);
            peer.send(payloads.frame(Header.ok(cmd, h.id(), 0), body));
        } catch (RequestRefused e) {
            peer.send(error(cmd, h.id(), e.code(), e.getMessage(), e.retryAfterMs()));
        } catch (ProtocolException e) {
            peer.send(error(cmd, h.id(), e.code(), e.getMessage(), null));
        } catch (SQLException | RuntimeException e) {
            log.error("{} from {} failed", cmd, peer.remoteHost(), e);
            peer.send(error(cmd, h.id(), ErrorCode.INTERNAL, "the locator could not complete " + cmd + "; try again", null));
        }
    }

    private Object dispatch(Peer peer, Command cmd, Frame frame) throws RequestRefused, ProtocolException, SQLException {
        return switch (cmd) {
            case REGISTER -> accounts.register(peer, payloads.decode(frame, Register.class));
            case LOGIN -> accounts.login(peer, payloads.decode(frame, Login.class));
            case RESUME -> accounts.resume(peer, payloads.decode(frame, Resume.class));
            case HEARTBEAT -> LocatorMessages.EMPTY;
            case LOGOUT -> {
                accounts.logout(peer);
                yield LocatorMessages.EMPTY;
            }
            case PRESENCE -> {
                Presence status = payloads.decode(frame, PresenceChange.class).status();
                if (status != Presence.ONLINE && status != Presence.AWAY) {
                    throw new RequestRefused(ErrorCode.BAD_REQUEST, "status must be ONLINE or AWAY, was " + status);
                }
                presences.change(session(peer, cmd), status);
                yield new PresenceChange(session(peer, cmd).username(), status);
            }
            case FRIEND_REQUEST -> friends.request(me(peer, cmd), payloads.decode(frame, FriendRequest.class));
            case FRIEND_ACCEPT -> friends.accept(me(peer, cmd), payloads.decode(frame, UserRef.class));
            case FRIEND_REJECT -> friends.reject(me(peer, cmd), payloads.decode(frame, UserRef.class));
            case FRIEND_REMOVE -> friends.remove(me(peer, cmd), payloads.decode(frame, UserRef.class));
            case FRIENDS -> friends.roster(me(peer, cmd));
            case LOOKUP -> friends.lookup(me(peer, cmd), payloads.decode(frame, UserRef.class));
            case SESSION_REPLACED, CONNECT, DISCONNECT, FILE_OFFER, FILE_STATE, CALL, MEDIA_REPORT ->
                    throw new RequestRefused(ErrorCode.UNKNOWN_COMMAND, "the locator does not take " + cmd);
        };
    }

    /**
     * Whether {@code frame} is answered from memory alone (a heartbeat; a lookup, from the cached
     * rosters and the presences), quickly enough to be handled on the connection's I/O thread.
     */
    public boolean answersFromMemory(Frame frame) {
        Command cmd = frame.header().command();
        return frame.header().type() == FrameType.COMMAND && (cmd == Command.HEARTBEAT || cmd == Command.LOOKUP);
    }

    /** The connection ended: its user, if any, is offline now. */
    public void disconnected(Peer peer) {
        OnlineSession s = peer.session();
        if (s != null) {
            peer.session(null);
            presences.remove(s);
        }
    }

    /** Ends a session whose client stopped heartbeating. */
    public void expire(OnlineSession s, long silentMillis) {
        if (presences.remove(s)) {
            s.peer().session(null);
            s.peer().send(error(null, null, ErrorCode.TIMEOUT, "no heartbeat for " + silentMillis / 1000 + " s", null));
            s.peer().closeAfterFlush(s.username() + " sent no heartbeat for " + silentMillis + " ms");
        }
    }

    public Frame error(Command cmd, String re, ErrorCode code, String message, Long retryAfterMs) {
        return Frame.of(Header.error(cmd, re, code, message, retryAfterMs));
    }

    private static OnlineSession session(Peer peer, Command cmd) throws RequestRefused {
        OnlineSession s = peer.session();
        if (s == null) {
            throw new RequestRefused(ErrorCode.NOT_LOGGED_IN, "log in before " + cmd);
        }
        return s;
    }

    private static String me(Peer peer, Command cmd) throws RequestRefused {
        return session(peer, cmd).username();
    }
}
