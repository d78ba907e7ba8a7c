package dev.parley.app.core;

import static dev.parley.app.core.Recorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1:1 text end to end: a real locator, real clients, direct mutual-TLS links on 127.0.0.1. */
class ChatTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    ChatFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ChatFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void friendsChatBothWaysInAnyScriptAndSeeDelivery() throws Exception {
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        List<String> texts = List.of("hello bob", "你好，世界", "emoji 👋🏽🎉", "مرحبا بالعالم", "line one\nline two");
        List<ChatMessage> sent = new ArrayList<>();
        for (String t : texts) {
            sent.add(alice.messenger.send("bob", t));
        }
        await("bob has alice's messages", WAIT, () -> bob.events.received("alice").size() == texts.size());
        assertThat(bob.events.received("alice")).extracting(ChatMessage::body).containsExactlyElementsOf(texts);
        // Ids start with the time, so the history's unique index on them grows at its end.
        assertThat(sent).extracting(ChatMessage::id).isSorted()
                .allSatisfy(id -> assertThat(java.util.UUID.fromString(id).version()).isEqualTo(7));
        await("alice sees them delivered", WAIT,
                () -> sent.stream().allMatch(m -> alice.events.states.get(m.id()) == Delivery.DELIVERED));
        assertThat(alice.events.uiThread.getName()).isEqualTo("ui-alice");

        ChatMessage reply = bob.messenger.send("alice", "hi alice");
        await("alice has bob's reply", WAIT, () -> alice.events.received("bob").size() == 1);
        await("bob sees it delivered", WAIT, () -> bob.events.states.get(reply.id()) == Delivery.DELIVERED);

        assertThat(alice.messenger.conversation("bob", 50)).extracting(ChatMessage::body)
                .containsExactly("hello bob", "你好，世界", "emoji 👋🏽🎉", "مرحبا بالعالم", "line one\nline two", "hi alice");
        // "delivered" is shown as the acknowledgement arrives; the history records it right after
        await("alice's history has them delivered", WAIT, () -> outgoingAllDelivered(alice.messenger, "bob", 50));
        assertThat(bob.messenger.search("世界", 10)).extracting(ChatMessage::body).containsExactly("你好，世界");
        assertThat(bob.messenger.search("HELLO", 10)).extracting(ChatMessage::body).containsExactly("hello bob");
        assertThat(alice.messenger.linked()).containsExactly("bob");
    }

    @Test
    void orderIsKeptForABurst() throws Exception {
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        for (int i = 0; i < 2000; i++) {
            alice.messenger.send("bob", "message " + i);
        }
        await("bob has all 2000", WAIT, () -> bob.events.received("alice").size() == 2000);
        List<ChatMessage> got = bob.events.received("alice");
        for (int i = 0; i < 2000; i++) {
            assertThat(got.get(i).body()).isEqualTo("message " + i);
        }
        await("all delivered", WAIT, () -> alice.events.states.values().stream().filter(s -> s == Delivery.DELIVERED).count() == 2000);
        await("all recorded delivered", WAIT, () -> outgoingAllDelivered(alice.messenger, "bob", 2000));
        assertThat(alice.events.deliveredTimes).hasSize(2000).allSatisfy((id, times) -> assertThat(times).isOne());
    }

    @Test
    void friendsFloodingEachOtherKeepTheirLinkAndLoseNothing() throws Exception {
        // Each side's reader stores and acknowledges on its own thread when it can; two readers
        // must never end up waiting on each other's full sockets.
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        await("linked", WAIT, () -> alice.messenger.linked().contains("bob") && bob.messenger.linked().contains("alice"));
        String pad = "p".repeat(4_000);
        int n = 1500; // ~6 MB each way, more than the sockets between them buffer
        Thread a = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                alice.messenger.send("bob", "a" + i + " " + pad);
            }
        });
        Thread b = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < n; i++) {
                bob.messenger.send("alice", "b" + i + " " + pad);
            }
        });
        a.join();
        b.join();
        await("bob has all of alice's", WAIT, () -> bob.events.received("alice").size() == n);
        await("alice has all of bob's", WAIT, () -> alice.events.received("bob").size() == n);
        await("all delivered both ways", WAIT, () -> alice.events.deliveredTimes.size() == n && bob.events.deliveredTimes.size() == n);
        assertThat(bob.events.received("alice").getLast().body()).startsWith("a" + (n - 1) + " ");
        assertThat(alice.events.received("bob").getLast().body()).startsWith("b" + (n - 1) + " ");
        assertThat(alice.events.linksLost).isEmpty();
        assertThat(bob.events.linksLost).isEmpty();
    }

    @Test
    void tooLongOrEmptyMessagesAreRefusedInWords() throws Exception {
        var alice = fx.user("alice");
        assertThatThrownBy(() -> alice.messenger.send("bob", "x".repeat(64 * 1024 + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65537 bytes").hasMessageContaining("64 KiB");
        assertThatThrownBy(() -> alice.messenger.send("bob", "  ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> alice.messenger.send("alice", "me")).hasMessageContaining("yourself");
        // exactly at the limit, in 3-byte characters, is fine
        alice.messenger.send("bob", "中".repeat(64 * 1024 / 3));
    }

    @Test
    void aMessageToAnOfflineFriendWaitsAndArrivesOnceAfterTheirRestart() throws Exception {
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        bob.close();
        ChatMessage m1 = alice.messenger.send("bob", "are you there?");
        ChatMessage m2 = alice.messenger.send("bob", "call me");
        await("stored in the outbox", WAIT, () -> alice.events.states.containsKey(m2.id()));
        Thread.sleep(300);
        assertThat(alice.events.states.get(m1.id())).isEqualTo(Delivery.SENDING);

        var bobAgain = fx.client("bob");
        bobAgain.messenger.login("bob", "password-bob");
        await("bob gets both after coming back", WAIT, () -> bobAgain.events.received("alice").size() == 2);
        await("alice sees both delivered", WAIT, () -> alice.events.states.get(m1.id()) == Delivery.DELIVERED
                && alice.events.states.get(m2.id()) == Delivery.DELIVERED);
        assertThat(bobAgain.messenger.conversation("alice", 10)).extracting(ChatMessage::body)
                .containsExactly("are you there?", "call me");
        Thread.sleep(500);
        assertThat(bobAgain.events.received("alice")).hasSize(2);
        assertThat(alice.events.deliveredTimes).containsEntry(m1.id(), 1).containsEntry(m2.id(), 1);
    }

    @Test
    void theOutboxSurvivesALocatorRestartToo() throws Exception {
        var alice = fx.user("alice");
        var bob = fx.user("bob");
        ChatFixture.befriend(alice, bob);
        bob.close();
        ChatMessage m = alice.messenger.send("bob", "sent before the locator went down");
        await("stored", WAIT, () -> alice.events.states.containsKey(m.id()));
        int port = fx.locator.address().getPort();
        fx.locator.close();
        fx.startLocator(port);
        var bobAgain = fx.client("bob");
        bobAgain.messenger.login("bob", "password-bob");
        await("delivered after the restart", WAIT, () -> alice.events.states.get(m.id()) == Delivery.DELIVERED);
        // Bob acknowledges once the message is in his intake and shows it once settled, just after.
        await("shown to bob", WAIT, () -> !bobAgain.events.received("alice").isEmpty());
        assertThat(bobAgain.events.received("alice")).extracting(ChatMessage::body).containsExactly("sent before the locator went down");
    }

    private static boolean outgoingAllDelivered(Messenger m, String peer, int latest) {
        try {
            return m.conversation(peer, latest).stream().filter(ChatMessage::outgoing).allMatch(c -> c.state() == Delivery.DELIVERED);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
