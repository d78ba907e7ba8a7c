package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fingerprint;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import dev.parley.protocol.locator.LocatorMessages.Register;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Friend requests, presence pushes, heartbeats and lookups against a real locator over TLS. */
class LocatorFriendsTest {

    private static final String FP = Fingerprint.of(new byte[] {1, 2, 3});

    @TempDir
    Path dir;
    LocatorFixture fx;
    Locator l;

    @BeforeEach
    void setUp() throws Exception {
        fx = new LocatorFixture(dir);
        l = fx.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void requestWhileOnlineIsPushedAndAcceptIsPushedBackWithPresence() throws Exception {
        TestClient alice = fx.user(l, "alice");
        TestClient bob = fx.user(l, "bob");

        FriendRequest sent = alice.ok(Command.FRIEND_REQUEST, new FriendRequest("Bob", "it's alice from work", null), FriendRequest.class);
        assertThat(sent.username()).isEqualTo("bob");
        FriendRequest got = bob.push(Command.FRIEND_REQUEST, FriendRequest.class);
        assertThat(got.username()).isEqualTo("alice");
        assertThat(got.message()).isEqualTo("it's alice from work");

        Friend accepted = bob.ok(Command.FRIEND_ACCEPT, new UserRef("alice"), Friend.class);
        assertThat(accepted).isEqualTo(new Friend("alice", Presence.ONLINE));
        assertThat(alice.push(Command.FRIEND_ACCEPT, Friend.class)).isEqualTo(new Friend("bob", Presence.ONLINE));

        assertThat(alice.ok(Command.FRIENDS, Map.of(), FriendList.class).friends()).containsExactly(new Friend("bob", Presence.ONLINE));
        assertThat(bob.ok(Command.FRIENDS, Map.of(), FriendList.class).friends()).containsExactly(new Friend("alice", Presence.ONLINE));
    }

    @Test
    void requestToAnOfflineUserIsStoredAndDeliveredAtNextLogin() throws Exception {
        TestClient setup = fx.connect(l);
        setup.ok(Command.REGISTER, new Register("dora", LocatorFixture.PASSWORD), Map.class);
        TestClient carl = fx.user(l, "carl");
        carl.ok(Command.FRIEND_REQUEST, new FriendRequest("dora", "hello dora", null), Object.class);
        assertThat(carl.ok(Command.FRIENDS, Map.of(), FriendList.class).outgoing())
                .extracting(FriendRequest::username).containsExactly("dora");

        TestClient dora = fx.connect(l);
        Welcome w = dora.ok(Command.LOGIN, new Login("dora", LocatorFixture.PASSWORD, 0, null, null, null), Welcome.class);
        assertThat(w.roster().incoming()).singleElement().satisfies(r -> {
            assertThat(r.username()).isEqualTo("carl");
            assertThat(r.message()).isEqualTo("hello dora");
        });
        dora.ok(Command.FRIEND_REJECT, new UserRef("carl"), UserRef.class);
        assertThat(carl.push(Command.FRIEND_REJECT, UserRef.class)).isEqualTo(new UserRef("dora"));
        assertThat(dora.ok(Command.FRIENDS, Map.of(), FriendList.class).incoming()).isEmpty();
    }

    @Test
    void friendRequestErrorsAreClear() throws Exception {
        TestClient eve = fx.user(l, "eve");
        TestClient fay = fx.user(l, "fay");
        eve.error(Command.FRIEND_REQUEST, new FriendRequest("eve", null, null), ErrorCode.SELF);
        eve.error(Command.FRIEND_REQUEST, new FriendRequest("ghost", null, null), ErrorCode.NO_SUCH_USER);
        eve.ok(Command.FRIEND_REQUEST, new FriendRequest("fay", null, null), Object.class);
        eve.error(Command.FRIEND_REQUEST, new FriendRequest("fay", null, null), ErrorCode.REQUEST_PENDING);
        eve.error(Command.FRIEND_ACCEPT, new UserRef("fay"), ErrorCode.NO_SUCH_REQUEST);
        fay.push(Command.FRIEND_REQUEST, FriendRequest.class);
        // asking someone who already asked you accepts their request
        fay.ok(Command.FRIEND_REQUEST, new FriendRequest("eve", null, null), Friend.class);
        eve.push(Command.FRIEND_ACCEPT, Friend.class);
        eve.error(Command.FRIEND_REQUEST, new FriendRequest("fay", null, null), ErrorCode.ALREADY_FRIENDS);
        eve.error(Command.FRIEND_REQUEST, new FriendRequest("fay", "x".repeat(501), null), ErrorCode.ALREADY_FRIENDS);
        fay.error(Command.FRIEND_REMOVE, new UserRef("ghost"), ErrorCode.NO_SUCH_USER);
    }

    @Test
    void presenceChangesArePushedToOnlineFriendsAtOnce() throws Exception {
        TestClient gil = fx.user(l, "gil");
        TestClient hal = fx.user(l, "hal");
        LocatorFixture.befriend(gil, "gil", hal, "hal");

        hal.ok(Command.PRESENCE, new PresenceChange(null, Presence.AWAY), PresenceChange.class);
        assertThat(gil.push(Command.PRESENCE, PresenceChange.class)).isEqualTo(new PresenceChange("hal", Presence.AWAY));
        hal.ok(Command.PRESENCE, new PresenceChange(null, Presence.ONLINE), PresenceChange.class);
        assertThat(gil.push(Command.PRESENCE, PresenceChange.class)).isEqualTo(new PresenceChange("hal", Presence.ONLINE));
        hal.error(Command.PRESENCE, new PresenceChange(null, Presence.OFFLINE), ErrorCode.BAD_REQUEST);

        hal.close();
        assertThat(gil.push(Command.PRESENCE, PresenceChange.class)).isEqualTo(new PresenceChange("hal", Presence.OFFLINE));

        TestClient hal2 = fx.connect(l);
        hal2.ok(Command.LOGIN, new Login("hal", LocatorFixture.PASSWORD, 0, null, null, Presence.AWAY), Welcome.class);
        assertThat(gil.push(Command.PRESENCE, PresenceChange.class)).isEqualTo(new PresenceChange("hal", Presence.AWAY));
    }

    @Test
    void removingAFriendTellsTheOtherSide() throws Exception {
        TestClient ian = fx.user(l, "ian");
        TestClient jo = fx.user(l, "jo_");
        LocatorFixture.befriend(ian, "ian", jo, "jo_");
        ian.ok(Command.FRIEND_REMOVE, new UserRef("jo_"), UserRef.class);
        assertThat(jo.push(Command.FRIEND_REMOVE, UserRef.class)).isEqualTo(new UserRef("ian"));
        ian.error(Command.FRIEND_REMOVE, new UserRef("jo_"), ErrorCode.NOT_FRIEND);
        ian.error(Command.LOOKUP, new UserRef("jo_"), ErrorCode.NOT_FRIEND);
    }

    @Test
    void aClientSilentPastTheHeartbeatTimeoutGoesOfflineAndFriendsAreTold() throws Exception {
        fx.close();
        fx = new LocatorFixture(dir);
        l = fx.start(LocatorFixture.config(dir).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)), Clock.systemUTC());
        TestClient kim = fx.user(l, "kim");
        TestClient lee = fx.user(l, "lee");
        LocatorFixture.befriend(kim, "kim", lee, "lee");
        kim.startHeartbeats(Duration.ofMillis(300));

        long start = System.nanoTime();
        PresenceChange change = kim.push(Command.PRESENCE, PresenceChange.class);
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertThat(change).isEqualTo(new PresenceChange("lee", Presence.OFFLINE));
        assertThat(waited).as("offline after the 2 s timeout, ms").isGreaterThanOrEqualTo(1000);
        assertThat(lee.closedWithin(Duration.ofSeconds(5))).isNotNull();
        assertThat(kim.isOpen()).as("the heartbeating client stays").isTrue();
        assertThat(l.onlineCount()).isEqualTo(1);
    }

    @Test
    void lookupIsAnsweredOnlyAboutOnlineFriends() throws Exception {
        TestClient mia = fx.user(l, "mia");
        TestClient ned = fx.connect(l);
        ned.ok(Command.REGISTER, new Register("ned", LocatorFixture.PASSWORD), Map.class);
        ned.ok(Command.LOGIN, new Login("ned", LocatorFixture.PASSWORD, 45678, null, FP, null), Welcome.class);
        TestClient stranger = fx.user(l, "oscar");

        stranger.error(Command.LOOKUP, new UserRef("ned"), ErrorCode.NOT_FRIEND);
        stranger.error(Command.LOOKUP, new UserRef("nobody"), ErrorCode.NOT_FRIEND);
        LocatorFixture.befriend(mia, "mia", ned, "ned");

        Address a = mia.ok(Command.LOOKUP, new UserRef("NED"), Address.class);
        assertThat(a).isEqualTo(new Address("ned", "127.0.0.1", 45678, FP));
        stranger.error(Command.LOOKUP, new UserRef("ned"), ErrorCode.NOT_FRIEND);

        ned.close();
        mia.push(Command.PRESENCE, PresenceChange.class);
        mia.error(Command.LOOKUP, new UserRef("ned"), ErrorCode.OFFLINE);
        fx.connect(l).error(Command.LOOKUP, new UserRef("ned"), ErrorCode.NOT_LOGGED_IN);
    }
}
