package dev.parley.app.ui;

import static dev.parley.app.ui.UiHarness.dialog;
import static dev.parley.app.ui.UiHarness.bool;
import static dev.parley.app.ui.UiHarness.find;
import static dev.parley.app.ui.UiHarness.fx;
import static dev.parley.app.ui.UiHarness.fxRun;
import static dev.parley.app.ui.UiHarness.screenshot;
import static dev.parley.app.ui.UiHarness.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.locator.HostPort;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real windows (alice and bob) on a real locator on 127.0.0.1, driven through the UI:
 * the steps build on each other, as a person would use the app.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WindowTest {

    @TempDir
    static Path dir;
    static Locator locator;
    static HostPort server;
    static UiHarness ui;
    static ParleyWindow alice;
    static ParleyWindow bob;

    @BeforeAll
    static void start() throws Exception {
        locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS), Clock.systemUTC());
        server = new HostPort("127.0.0.1", locator.address().getPort());
        ui = new UiHarness(dir);
        // "this computer" is the test's locator too (nothing else is hosted)
        alice = ui.window("alice", server.toString(), server, 0);
        bob = ui.window("bob", server.toString(), server, 1100);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ui != null) {
            ui.close();
        }
        if (locator != null) {
            locator.close();
        }
    }

    private static Parent root(ParleyWindow w) {
        return w.root();
    }

    private static String text(Parent root, String id) throws Exception {
        Label l = find(root, id);
        return fx(l::getText);
    }

    private void register(ParleyWindow w, String user, String password) throws Exception {
        Parent r = root(w);
        ui.click(r, "login-switch");
        ui.type(r, "username", user);
        ui.type(r, "password", password);
        ui.type(r, "password-again", password);
        ui.click(r, "login-submit");
        try {
            until(user + " is signed in", () -> w.main() != null);
        } catch (AssertionError e) {
            screenshot(w.root(), "failed-register-" + user);
            throw e;
        }
    }

    @Test
    @Order(1)
    void signingInWithWrongDetailsSaysWhatIsWrong() throws Exception {
        Parent r = root(alice);
        screenshot(r, "login");
        // a port nothing listens on
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + closed;
        javafx.scene.control.TextField serverField = find(r, "server");
        fxRun(() -> serverField.setText(nowhere));
        ui.type(r, "username", "nobody");
        ui.type(r, "password", "whatever-long");
        ui.click(r, "login-submit");
        until("unreachable is shown", () -> !((Label) r.lookup("#login-error")).getText().isEmpty());
        assertThat(text(r, "login-error")).startsWith("Cannot reach the server at " + nowhere + ".");

        fxRun(() -> serverField.setText(server.toString()));
        ui.type(r, "username", "nobody");
        ui.type(r, "password", "whatever-long");
        ui.click(r, "login-submit");
        until("an error is shown", () -> !((Label) r.lookup("#login-error")).getText().isEmpty());
        assertThat(text(r, "login-error")).isEqualTo("There is no user with that name on this server.");

        register(alice, "alice", "alice-password");
        fxRun(alice::logout);
        until("back at the login", () -> alice.main() == null && alice.root().lookup("#login-submit") != null);
        Parent again = root(alice);
        ui.type(again, "username", "alice");
        ui.type(again, "password", "not-her-password");
        ui.click(again, "login-submit");
        until("wrong password is shown", () -> {
            Label l = (Label) alice.root().lookup("#login-error");
            return l != null && !l.getText().isEmpty();
        });
        assertThat(text(root(alice), "login-error")).isEqualTo("Wrong password for this username.");
        screenshot(root(alice), "login-wrong-password");

        ui.type(root(alice), "password", "alice-password");
        ui.click(root(alice), "login-submit");
        until("alice is signed in", () -> alice.main() != null);
        assertThat(text(root(alice), "me-name")).isEqualTo("alice");

        // a mismatch is caught before anything is sent
        Parent b = root(bob);
        ui.click(b, "login-switch");
        ui.type(b, "username", "bob");
        ui.type(b, "password", "bob-password");
        ui.type(b, "password-again", "bob-passwork");
        ui.click(b, "login-submit");
        assertThat(text(b, "login-error")).isEqualTo("The two passwords differ.");
        ui.click(b, "login-switch");
        register(bob, "bob", "bob-password");
    }

    @Test
    @Order(2)
    void friendRequestsCanBeRejectedThenAccepted() throws Exception {
        // add yourself: refused in words, the dialog stays
        ui.click(root(alice), "add-friend");
        Stage add = dialog(alice);
        ui.type(add.getScene().getRoot(), "friend-username", "alice");
        ui.click(add.getScene().getRoot(), "friend-send");
        until("self is refused", () -> !((Label) add.getScene().getRoot().lookup("#friend-error")).getText().isEmpty());
        assertThat(text(add.getScene().getRoot(), "friend-error")).isEqualTo("You cannot add yourself.");
        ui.type(add.getScene().getRoot(), "friend-username", "bob");
        ui.click(add.getScene().getRoot(), "friend-send");
        until("the dialog closes", () -> !add.isShowing());

        // bob is asked and says no; alice hears it
        Stage ask = dialog(bob);
        assertThat(text(ask.getScene().getRoot(), "request-text")).isEqualTo("alice wants to be your friend.");
        ui.click(ask.getScene().getRoot(), "request-reject");
        until("alice hears the answer", () -> alice.notifier().shown().contains("bob declined your friend request."));

        // asked again, with a note; the request is also in bob's list with a badge
        ui.click(root(alice), "add-friend");
        Stage add2 = dialog(alice);
        ui.type(add2.getScene().getRoot(), "friend-username", "bob");
        ui.type(add2.getScene().getRoot(), "friend-message", "hi bob, it is alice from work");
        ui.click(add2.getScene().getRoot(), "friend-send");
        Stage ask2 = dialog(bob);
        until("the badge counts it", () -> bob.main().pendingRequests() == 1);
        screenshot(ask2.getScene().getRoot(), "friend-request");
        screenshot(root(bob), ask2.getScene().getRoot(), "friend-request-window");
        ui.click(ask2.getScene().getRoot(), "request-accept");
        until("both see each other online", () -> bob.main().contactNamed("alice") != null
                && alice.main().contactNamed("bob") != null
                && alice.main().contactNamed("bob").presence().get() == Presence.ONLINE
                && bob.main().contactNamed("alice").presence().get() == Presence.ONLINE);
        assertThat(alice.notifier().shown()).contains("You and bob are now friends.");
        assertThat(fx(() -> bob.main().pendingRequests())).isZero();
    }

    @Test
    @Order(3)
    void chatBothWaysWithUnreadBadgeAndDelivery() throws Exception {
        ui.click(root(alice), "contact-bob");
        until("the conversation opens", () -> "bob".equals(alice.main().conversation().peer()));
        TextArea composer = find(root(alice), "composer");
        fxRun(() -> composer.setText("你好 bob 👋 see https://example.org/x"));
        ui.clickNode(composer);
        ui.robot.type(KeyCode.END).type(KeyCode.ENTER);
        until("bob has it unread", () -> bob.main().contactNamed("alice").unread().get() == 1);
        String title = fx(() -> bob.stage().getTitle());
        assertThat(title).isEqualTo("(1) Parley");
        until("alice sees it delivered", () -> alice.main().conversation().items().stream()
                .anyMatch(m -> m.state() == Delivery.DELIVERED));
        screenshot(root(bob), "unread-badge");

        ui.click(root(bob), "contact-alice");
        until("bob reads it", () -> bob.main().conversation().items().size() == 1);
        assertThat(fx(() -> bob.main().contactNamed("alice").unread().get())).isZero();
        String body = fx(() -> bob.main().conversation().items().get(0).body());
        assertThat(body).isEqualTo("你好 bob 👋 see https://example.org/x");

        // Shift+Enter is a new line, Enter sends
        TextArea bobComposer = find(root(bob), "composer");
        ui.clickNode(bobComposer);
        ui.robot.write("hello alice");
        ui.robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        ui.robot.write("second line").type(KeyCode.ENTER);
        until("alice gets the reply", () -> alice.main().conversation().items().stream()
                .anyMatch(m -> !m.outgoing() && m.body().equals("hello alice\nsecond line")));
        String left = fx(bobComposer::getText);
        assertThat(left).isEmpty();
        screenshot(root(alice), "main-light");
    }

    @Test
    @Order(4)
    void scrollingUpLoadsOlderHistory() throws Exception {
        // 130 more from alice, sent through her client core
        for (int i = 0; i < 130; i++) {
            alice.messenger().send("bob", "older message " + i);
        }
        until("bob has them all", () -> bob.main().conversation().items().size() == 132);
        // a fresh open shows the latest page only
        fxRun(() -> {
            bob.main().open((Contact) null);
            bob.main().open("alice");
        });
        try {
            until("the latest page is shown", () -> bob.main().conversation().items().size() == ConversationPane.PAGE);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; shown: " + fx(() -> bob.main().conversation().items().size())
                    + ", open: " + fx(() -> bob.main().conversation().peer()), e);
        }
        long firstSeq = fx(() -> bob.main().conversation().items().get(0).seq());
        Thread.sleep(600); // the view settles after showing a page
        ListView<ChatMessage> list = find(root(bob), "messages");
        fxRun(() -> list.scrollTo(0));
        ui.robot.moveTo(list).scroll(10, javafx.geometry.VerticalDirection.UP);
        until("an older page is loaded", () -> bob.main().conversation().items().size() > ConversationPane.PAGE);
        assertThat(fx(() -> bob.main().conversation().items().get(0).seq())).isLessThan(firstSeq);
        // the rest page by page, through what reaching the top calls
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (bool(() -> bob.main().conversation().hasOlder()) && System.nanoTime() < end) {
            fxRun(() -> bob.main().conversation().loadOlder());
            Thread.sleep(200);
        }
        try {
            until("the whole history is loaded", () -> bob.main().conversation().items().size() == 132);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; shown: " + fx(() -> bob.main().conversation().items().size())
                    + ", older left: " + bool(() -> bob.main().conversation().hasOlder()), e);
        }
        List<ChatMessage> all = fx(() -> List.copyOf(bob.main().conversation().items()));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).seq()).isGreaterThan(all.get(i - 1).seq());
        }
    }

    @Test
    @Order(5)
    void searchInAConversationJumpsToTheHit() throws Exception {
        ui.clickNode(find(root(bob), "messages"));
        ui.robot.press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        javafx.scene.control.TextField search = find(root(bob), "conversation-search");
        until("Ctrl+F focuses the search", search::isFocused);
        ui.robot.write("older message 7").type(KeyCode.ENTER);
        ListView<ChatMessage> results = find(root(bob), "search-results");
        // 7, 70-79
        until("the hits are listed", () -> results.isVisible() && results.getItems().size() == 11);
        screenshot(root(bob), "conversation-search");
        ChatMessage hit = fx(() -> results.getItems().stream().filter(m -> m.body().equals("older message 7")).findFirst().orElseThrow());
        javafx.scene.Node cell = fx(() -> results.lookupAll(".list-cell").stream()
                .filter(n -> ((javafx.scene.control.ListCell<?>) n).getItem() == hit).findFirst().orElseThrow());
        ui.clickNode(cell);
        ListView<ChatMessage> list = find(root(bob), "messages");
        until("the conversation jumps to it", () -> list.getSelectionModel().getSelectedItem() != null
                && list.getSelectionModel().getSelectedItem().seq() == hit.seq());
        assertThat(bool(results::isVisible)).isFalse();
    }

    @Test
    @Order(6)
    void filesGoFromOneWindowToTheOtherWithAThumbnail() throws Exception {
        Path downloads = dir.resolve("bob-downloads");
        bob.messenger().setDownloads(downloads);
        Path picture = dir.resolve("sunset.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(160, 120, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                img.setRGB(x, y, (255 - y * 2) << 16 | (90 + y) << 8 | (40 + x));
            }
        }
        javax.imageio.ImageIO.write(img, "png", picture.toFile());
        fxRun(() -> alice.main().open("bob"));
        until("alice's conversation with bob is open", () -> "bob".equals(alice.main().conversation().peer()));
        // What dropping the file on the conversation does.
        fxRun(() -> alice.main().conversation().sendFiles(List.of(picture)));
        until("bob sees the offer", () -> bob.main().conversation().files().count() == 1);
        String id = fx(() -> alice.messenger().transfers("bob").getFirst().id());
        Label status = fx(() -> (Label) root(alice).lookup("#transfer-" + id).lookup(".muted"));
        until("alice waits for bob", () -> status.getText().contains("bob"));
        ui.click(root(bob), "transfer-accept-" + id);
        until("bob can open it", () -> root(bob).lookup("#transfer-open-" + id) != null);
        until("with a thumbnail", () -> root(bob).lookup("#thumbnail-" + id) != null);
        assertThat(java.nio.file.Files.readAllBytes(downloads.resolve("sunset.png")))
                .isEqualTo(java.nio.file.Files.readAllBytes(picture));
        until("alice sees it done", () -> root(alice).lookup("#transfer-folder-" + id) != null);
        // A second offer stays waiting for an answer, with its buttons.
        Path notes = java.nio.file.Files.write(dir.resolve("notes.pdf"), new byte[250_000]);
        fxRun(() -> alice.main().conversation().sendFiles(List.of(notes)));
        until("bob sees the second offer", () -> bob.main().conversation().files().count() == 2);
        String second = fx(() -> alice.messenger().transfers("bob").getLast().id());
        until("with Accept, Save as and Decline", () -> root(bob).lookup("#transfer-saveas-" + second) != null
                && root(bob).lookup("#transfer-decline-" + second) != null);
        Thread.sleep(300);
        screenshot(root(bob), "file-transfer");
        ui.click(root(bob), "transfer-decline-" + second);
        until("alice hears no", () -> root(alice).lookup("#transfer-" + second + ".transfer-state-declined") != null);
    }

    @Test
    @Order(7)
    void aVideoCallFromOneWindowToTheOther() throws Exception {
        // alice picks her devices in Settings, as a user would; bob's are set underneath
        ui.click(root(alice), "settings");
        Stage settings = dialog(alice);
        for (String kind : List.of("camera", "microphone", "speaker")) {
            javafx.scene.control.ComboBox<String> box = find(settings.getScene().getRoot(), "settings-" + kind);
            until("the " + kind + "s are listed", () -> !box.isDisabled());
            assertThat(fx(() -> box.getItems())).contains("", dev.parley.media.Devices.SYNTHETIC);
            fxRun(() -> box.setValue(dev.parley.media.Devices.SYNTHETIC));
        }
        until("the choice reaches the client core",
                () -> alice.messenger().devices().equals(dev.parley.media.Devices.synthetic()));
        screenshot(root(alice), settings.getScene().getRoot(), "settings");
        fxRun(settings::close);
        until("the choice is remembered in the profile", () -> alice.profile().setting("speaker").orElse("").equals("synthetic"));
        bob.messenger().setDevices(dev.parley.media.Devices.synthetic());
        fxRun(() -> alice.main().open("bob"));
        until("alice's conversation with bob is open", () -> "bob".equals(alice.main().conversation().peer()));
        ui.click(root(alice), "call-video");
        until("alice's call window opens", () -> alice.main().callWindow() != null && alice.main().callWindow().showing());
        Stage ringing = dialog(bob);
        assertThat(fx(() -> ((Label) ringing.getScene().getRoot().lookup("#incoming-call-text")).getText()))
                .contains("alice");
        screenshot(root(bob), ringing.getScene().getRoot(), "call-incoming");
        ui.click(ringing.getScene().getRoot(), "incoming-accept");
        until("bob's call window opens", () -> bob.main().callWindow() != null && bob.main().callWindow().showing());
        until("each sees the other's video", () -> alice.main().callWindow().remoteShown() > 30
                && bob.main().callWindow().remoteShown() > 30);
        Label quality = fx(() -> (Label) bob.main().callWindow().stage().getScene().getRoot().lookup("#call-quality"));
        until("the quality line fills in", () -> !quality.getText().isEmpty());
        Label using = fx(() -> (Label) alice.main().callWindow().stage().getScene().getRoot().lookup("#call-devices"));
        until("alice's window says which devices it uses", () -> using.getText().contains("test pattern"));
        screenshot(bob.main().callWindow().stage().getScene().getRoot(), "call");
        ui.click(alice.main().callWindow().stage().getScene().getRoot(), "call-hangup");
        until("both windows close", () -> !alice.main().callWindow().showing() && !bob.main().callWindow().showing());
    }

    @Test
    @Order(8)
    void languageSwitchesToChinese() throws Exception {
        ui.click(root(bob), "settings");
        Stage settings = dialog(bob);
        javafx.scene.control.ComboBox<String> language = find(settings.getScene().getRoot(), "language");
        fxRun(() -> language.setValue("zh"));
        until("the window speaks Chinese", () -> {
            javafx.scene.control.TextField f = (javafx.scene.control.TextField) bob.root().lookup("#contact-search");
            return f != null && "搜索联系人".equals(f.getPromptText());
        });
        until("the conversation is open again", () -> "alice".equals(bob.main().conversation().peer())
                && !bob.main().conversation().items().isEmpty()
                && !bob.main().contactNamed("alice").preview().get().isEmpty());
        Thread.sleep(300);
        screenshot(root(bob), "main-chinese");
        until("the language is saved", () -> bob.profile().setting("ui.language").orElse("").equals("zh"));
    }

    @Test
    @Order(9)
    void themeSwitchesToDarkAndIsRemembered() throws Exception {
        ui.click(root(alice), "settings");
        Stage settings = dialog(alice);
        ui.click(settings.getScene().getRoot(), "theme-dark");
        until("dark stylesheet applied", () -> alice.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")));
        assertThat(fx(() -> settings.getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")))).isTrue();
        fxRun(settings::close);
        screenshot(root(alice), "main-dark");
        until("the theme is saved", () -> alice.profile().setting("ui.theme").orElse("").equals("dark"));
    }

    @Test
    @Order(10)
    void presenceChangesShowAtOnce() throws Exception {
        fxRun(() -> bob.main().idle(true));
        until("alice sees bob away", () -> alice.main().contactNamed("bob").presence().get() == Presence.AWAY);
        fxRun(() -> bob.main().idle(false));
        until("alice sees bob back", () -> alice.main().contactNamed("bob").presence().get() == Presence.ONLINE);

        fxRun(bob::close);
        until("alice sees bob offline", () -> alice.main().contactNamed("bob").presence().get() == Presence.OFFLINE);
        Label notice = find(root(alice), "waiting-notice");
        assertThat(fx(notice::isVisible)).isTrue();
        assertThat(fx(notice::getText)).contains("bob is offline");
        TextArea composer = find(root(alice), "composer");
        ui.clickNode(composer);
        ui.robot.write("are you there?").type(KeyCode.ENTER);
        until("it waits", () -> alice.main().conversation().items().stream()
                .anyMatch(m -> m.body().equals("are you there?") && m.state() == Delivery.SENDING));
        screenshot(root(alice), "friend-offline");
    }
}
