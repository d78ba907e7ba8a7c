package dev.parley.server.service;

import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.auth.Credentials;
import dev.parley.server.store.AccountStore;
import dev.parley.server.store.FriendStore;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Friend requests, the friend list and address lookup. Every change is pushed to the other side if online. */
public final class FriendService {

    public static final int MAX_REQUEST_MESSAGE = 500;

    private final AccountStore accounts;
    private final FriendStore store;
    private final Rosters rosters;
    private final Presences presences;
    private final Payloads payloads;
    private final Clock clock;

    public FriendService(AccountStore accounts, FriendStore store, Rosters rosters, Presences presences,
                         Payloads payloads, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.store = Objects.requireNonNull(store, "store");
        this.rosters = Objects.requireNonNull(rosters, "rosters");
        this.presences = Objects.requireNonNull(presences, "presences");
        this.payloads = Objects.requireNonNull(payloads, "payloads");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public FriendList roster(String user) throws SQLException {
        List<Friend> friends = rosters.friendsOf(user).stream()
                .sorted()
                .map(f -> new Friend(f, presences.statusOf(f)))
                .toList();
        List<FriendRequest> incoming = store.incoming(user).stream()
                .map(r -> new FriendRequest(r.from(), r.message(), r.createdAt())).toList();
        List<FriendRequest> outgoing = store.outgoing(user).stream()
                .map(r -> new FriendRequest(r.to(), r.message(), r.createdAt()))
                .sorted(Comparator.comparing(FriendRequest::username)).toList();
        return new FriendList(friends, incoming, outgoing);
    }

    /** Sends a request; if the target already asked us, this accepts theirs instead. */
    public Object request(String me, FriendRequest r) throws RequestRefused, SQLException {
        String target = existingOther(me, r.username());
        if (rosters.areFriends(me, target)) {
            throw new RequestRefused(ErrorCode.ALREADY_FRIENDS, "you and " + target + " are already friends");
        }
        if (store.hasRequest(target, me)) {
            return accept(me, new UserRef(target));
        }
        String message = r.message() == null ? null : r.message().strip();
        if (message != null && message.length() > MAX_REQUEST_MESSAGE) {
            throw new RequestRefused(ErrorCode.BAD_REQUEST,
                    "request message is " + message.length() + " characters; the limit is " + MAX_REQUEST_MESSAGE);
        }
        long now = clock.millis();
        if (!store.addRequest(me, target, message, now)) {
            throw new RequestRefused(ErrorCode.REQUEST_PENDING, "you already asked " + target + "; the request is pending");
        }
        presences.push(target, payloads.frame(Header.command(Command.FRIEND_REQUEST, null, 0),
                new FriendRequest(me, message, now)));
        return new FriendRequest(target, message, now);
    }

    public Friend accept(String me, UserRef ref) throws RequestRefused, SQLException {
        String other = existingOther(me, ref.username());
        if (!store.hasRequest(other, me)) {
            throw new RequestRefused(ErrorCode.NO_SUCH_REQUEST, other + " has not asked to be your friend");
        }
        rosters.befriend(me, other, clock.millis());
        presences.push(other, payloads.frame(Header.command(Command.FRIEND_ACCEPT, null, 0),
                new Friend(me, presences.statusOf(me))));
        return new Friend(other, presences.statusOf(other));
    }

    public UserRef reject(String me, UserRef ref) throws RequestRefused, SQLException {
        String other = existingOther(me, ref.username());
        if (!store.removeRequest(other, me)) {
            throw new RequestRefused(ErrorCode.NO_SUCH_REQUEST, other + " has not asked to be your friend");
        }
        presences.push(other, payloads.frame(Header.command(Command.FRIEND_REJECT, null, 0), new UserRef(me)));
        return new UserRef(other);
    }

    public UserRef remove(String me, UserRef ref) throws RequestRefused, SQLException {
        String other = existingOther(me, ref.username());
        if (!rosters.unfriend(me, other)) {
            throw new RequestRefused(ErrorCode.NOT_FRIEND, other + " is not your friend");
        }
        presences.push(other, payloads.frame(Header.command(Command.FRIEND_REMOVE, null, 0), new UserRef(me)));
        return new UserRef(other);
    }

    /** Where a friend who is online listens; never answered about anyone else. */
    /** {@code ref}'s address: an {@link Address}, encoded once per session. */
    public Payloads.Encoded lookup(String me, UserRef ref) throws RequestRefused, SQLException {
        String other = Credentials.normalize(ref.username());
        if (!rosters.areFriends(me, other)) {
            throw new RequestRefused(ErrorCode.NOT_FRIEND, "'" + other + "' is not your friend");
        }
        OnlineSession s = presences.get(other);
        if (s == null) {
            throw new RequestRefused(ErrorCode.OFFLINE, other + " is offline");
        }
        if (s.port() == 0) {
            throw new RequestRefused(ErrorCode.OFFLINE, other + " is online but takes no direct connections");
        }
        return s.address(payloads);
    }

    private String existingOther(String me, String username) throws RequestRefused, SQLException {
        String other = Credentials.normalize(username);
        if (other.equals(me)) {
            throw new RequestRefused(ErrorCode.SELF, "that is you");
        }
        if (!Credentials.validUsername(other) || !accounts.exists(other)) {
            throw new RequestRefused(ErrorCode.NO_SUCH_USER, "no such user '" + other + "'");
        }
        return other;
    }
}
