package dev.parley.app.ui;

import static dev.parley.app.ui.UiHarness.dialog;
import static dev.parley.app.ui.UiHarness.find;
import static dev.parley.app.ui.UiHarness.fx;
import static dev.parley.app.ui.UiHarness.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.locator.HostPort;
import java.net.ServerSocket;
import java.nio.file.Path;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A newcomer runs the app twice on one computer with nothing configured: the first window hosts a locator, the second joins it. */
class EmbeddedLocatorTest {

    @TempDir
    Path dir;

    @Test
    void firstWindowHostsTheLocatorAndTheSecondJoinsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HostPort thisComputer = new HostPort("127.0.0.1", port);
        try (UiHarness ui = new UiHarness(dir)) {
            ParleyWindow first = ui.window("default", null, thisComputer, 0);
            ParleyWindow second = ui.window("bob", null, thisComputer, 1100);
            for (ParleyWindow w : new ParleyWindow[] {first, second}) {
                Parent r = w.root();
                TextField server = find(r, "server");
                CheckBox host = find(r, "host-here");
                assertThat(UiHarness.str(server::getText)).isEmpty();
                assertThat(UiHarness.bool(host::isSelected)).isTrue();
                assertThat(UiHarness.bool(host::isVisible)).isTrue();
            }
            String[] names = {"ann", "bob"};
            ParleyWindow[] windows = {first, second};
            for (int i = 0; i < 2; i++) {
                Parent r = windows[i].root();
                ui.click(r, "login-switch");
                ui.type(r, "username", names[i]);
                ui.type(r, "password", names[i] + "-password");
                ui.type(r, "password-again", names[i] + "-password");
                ui.click(r, "login-submit");
                ParleyWindow w = windows[i];
                until(names[i] + " is signed in", () -> w.main() != null);
            }
            assertThat(UiHarness.bool(first::hostsLocator)).as("the first window hosts").isTrue();
            assertThat(UiHarness.bool(second::hostsLocator)).as("the second joins").isFalse();
            assertThat(fx(() -> first.messenger().locator().server())).isEqualTo(thisComputer);
            assertThat(fx(() -> second.messenger().locator().server())).isEqualTo(thisComputer);

            // the same locator: ann's request reaches bob
            ui.click(first.root(), "add-friend");
            Stage add = dialog(first);
            ui.type(add.getScene().getRoot(), "friend-username", "bob");
            ui.click(add.getScene().getRoot(), "friend-send");
            Stage ask = dialog(second);
            Label text = find(ask.getScene().getRoot(), "request-text");
            assertThat(UiHarness.str(text::getText)).isEqualTo("ann wants to be your friend.");
        }
    }
}
