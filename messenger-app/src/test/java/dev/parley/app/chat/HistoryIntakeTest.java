package dev.parley.app.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages logged into the history's intake: read at once, settled once, and kept through {@code kill -9}. */
class HistoryIntakeTest {

    @TempDir
    Path dir;

    static List<ChatMessage> chat(String peer, int n, String prefix) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean mine = i % 2 == 0;
            out.add(new ChatMessage(0, prefix + i, peer, mine, prefix + " message " + i + " 你好",
                    1_700_000_000_000L + i, mine ? Delivery.SENDING : Delivery.RECEIVED));
        }
        return out;
    }

    private static Path intake(Path db) {
        return Path.of(db.toAbsolutePath() + "-intake");
    }

    @Test
    void loggedMessagesAreReadBeforeTheyAreSettled() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            List<ChatMessage> logged = h.log(chat("bob", 4, "early"));
            assertThat(logged).extracting(ChatMessage::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(h.latest("bob", 10)).isEqualTo(logged);
            assertThat(h.outbox("bob")).extracting(ChatMessage::id).containsExactly("early0", "early2");
            assertThat(h.search("early message 3", 10)).extracting(ChatMessage::id).containsExactly("early3");
            assertThat(h.count()).isEqualTo(4);
        }
    }

    @Test
    void aFriendsNewMessageIsAnnouncedOnceAndAResendNever() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            ChatMessage theirs = new ChatMessage(0, "x1", "bob", false, "hi", 1, Delivery.RECEIVED);
            ChatMessage mine = new ChatMessage(0, "y1", "bob", true, "hello", 2, Delivery.SENDING);
            h.log(List.of(theirs, mine));
            assertThat(h.count()).as("a read settles").isEqualTo(2);
            assertThat(h.settle()).as("announced though a read settled it").extracting(ChatMessage::id).containsExactly("x1");
            assertThat(h.settle()).isEmpty();
            h.log(List.of(theirs)); // they did not get our acknowledgement and sent it again
            assertThat(h.settle()).isEmpty();
            assertThat(h.count()).isEqualTo(2);
        }
    }

    @Test
    void anAcknowledgementThatComesBeforeTheSettleIsSettledWithIt() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            ChatMessage first = new ChatMessage(0, "m1", "bob", true, "one", 1, Delivery.SENDING);
            ChatMessage theirs = new ChatMessage(0, "t1", "bob", false, "hi", 2, Delivery.RECEIVED);
            ChatMessage second = new ChatMessage(0, "m2", "bob", true, "two", 3, Delivery.SENDING);
            ChatMessage toCarol = new ChatMessage(0, "m3", "carol", true, "three", 4, Delivery.SENDING);
            h.log(List.of(first, theirs, second, toCarol));

            assertThat(h.markDelivered("carol", List.of("m2"))).as("carol cannot acknowledge bob's message").isEmpty();
            assertThat(h.markDelivered("bob", List.of("m2", "nope"))).containsExactly("m2");
            assertThat(h.markDelivered("bob", List.of("m2"))).as("a repeated acknowledgement").isEmpty();
            assertThat(h.settle()).as("the friend's message settled with it is still announced")
                    .extracting(ChatMessage::id).containsExactly("t1");
            assertThat(h.markDelivered("bob", List.of("m1"))).as("one settled while still sending").containsExactly("m1");

            assertThat(h.latest("bob", 10)).extracting(ChatMessage::id, ChatMessage::state).containsExactly(
                    tuple("m1", Delivery.DELIVERED),
                    tuple("t1", Delivery.RECEIVED),
                    tuple("m2", Delivery.DELIVERED));
            assertThat(h.outbox("bob")).isEmpty();
            assertThat(h.outbox("carol")).extracting(ChatMessage::id).containsExactly("m3");
            assertThat(h.count()).isEqualTo(4);
        }
        try (History h = History.open(dir.resolve("history.db"))) {
            assertThat(h.latest("bob", 10)).extracting(ChatMessage::state)
                    .containsExactly(Delivery.DELIVERED, Delivery.RECEIVED, Delivery.DELIVERED);
        }
    }

    @Test
    void seqsFollowTheOrderMessagesCameInWhicheverWay() throws Exception {
        try (History h = History.open(dir.resolve("history.db"))) {
            h.log(chat("bob", 3, "a"));
            h.insert(chat("bob", 3, "b"));
            h.log(chat("bob", 3, "c"));
            h.settle();
            assertThat(h.latest("bob", 20)).extracting(ChatMessage::id)
                    .containsExactly("a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1", "c2");
            h.indexAll();
            assertThat(h.search("message", 20)).hasSize(9);
        }
    }

    @Test
    void theIntakeIsEmptiedOnceEverythingInItIsSettled() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            int n = 0;
            while (Files.size(intake(file)) < History.INTAKE_CLEAR_BYTES - 64 * 1024) {
                h.log(chat("bob", 100, "fill" + n++ + "-"));
                h.settle();
            }
            int last = 0;
            while (Files.size(intake(file)) < History.INTAKE_CLEAR_BYTES) {
                h.log(chat("bob", 100, "last" + last++ + "-"));
            }
            h.settle();
            assertThat(Files.size(intake(file))).isZero();
            assertThat(h.count()).isEqualTo((n + last) * 100L);
        }
        assertThat(Files.size(intake(file))).as("emptied on close").isZero();
    }

    @Test
    void aCutOffIntakeKeepsWhatCameBeforeTheCut() throws Exception {
        Path file = dir.resolve("history.db");
        try (History h = History.open(file)) {
            h.insert(chat("bob", 2, "old"));
        }
        byte[] good = IntakeLog.encode(chat("bob", 3, "kept"));
        byte[] cut = IntakeLog.encode(chat("bob", 1, "cut"));
        byte[] both = new byte[good.length + cut.length - 5];
        System.arraycopy(good, 0, both, 0, good.length);
        System.arraycopy(cut, 0, both, good.length, cut.length - 5);
        Files.write(intake(file), both);
        try (History h = History.open(file)) {
            assertThat(h.latest("bob", 10)).extracting(ChatMessage::id).containsExactly("old0", "old1", "kept0", "kept1", "kept2");
            assertThat(Files.size(intake(file))).isZero();
            assertThat(h.log(chat("bob", 1, "next")).getFirst().seq()).isEqualTo(6);
        }
    }

    /** A real {@code kill -9}: a child JVM logs, settles some, logs more, and is killed before it can settle the rest. */
    @Test
    void killedBeforeSettlingLosesNothingAndDuplicatesNothing() throws Exception {
        Path file = dir.resolve("history.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                LogThenWait.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("logged");
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.size(intake(file))).as("left in the intake").isPositive();
        try (History h = History.open(file)) {
            List<String> ids = h.latest("bob", 100).stream().map(ChatMessage::id).toList();
            List<String> expected = new ArrayList<>();
            chat("bob", 10, "settled").forEach(m -> expected.add(m.id()));
            chat("bob", 10, "logged").forEach(m -> expected.add(m.id()));
            assertThat(ids).isEqualTo(expected);
            assertThat(h.outbox("bob")).extracting(ChatMessage::id)
                    .containsExactly("settled0", "settled2", "settled4", "settled6", "settled8",
                            "logged0", "logged2", "logged4", "logged6", "logged8");
            assertThat(Files.size(intake(file))).as("emptied once copied in").isZero();
        }
    }

    /** The child of {@link #killedBeforeSettlingLosesNothingAndDuplicatesNothing}. */
    public static final class LogThenWait {
        public static void main(String[] args) throws Exception {
            History h = History.open(Path.of(args[0]));
            h.log(chat("bob", 10, "settled"));
            h.settle(); // in the database, and still in the intake (far below its emptying size)
            h.log(chat("bob", 10, "logged"));
            System.out.println("logged");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
