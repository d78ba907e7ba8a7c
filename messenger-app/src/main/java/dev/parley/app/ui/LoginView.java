package dev.parley.app.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Sign in or create an account. Knows nothing of the network: it hands a {@link Request} to its owner. */
final class LoginView extends StackPane {

    record Request(String server, boolean hostHere, String username, String password, boolean register) {
    }

    interface Submit {
        void submit(Request r);
    }

    private final Texts texts;
    private final Label title = new Label();
    private final TextField server = new TextField();
    private final CheckBox hostHere = new CheckBox();
    private final TextField username = new TextField();
    private final PasswordField password = new PasswordField();
    private final PasswordField again = new PasswordField();
    private final Label rules = new Label();
    private final Label error = new Label();
    private final Label info = new Label();
    private final Button submit = new Button();
    private final Hyperlink toggle = new Hyperlink();
    private final ProgressIndicator busy = new ProgressIndicator();
    private boolean register;

    LoginView(Texts texts, Look look, int defaultPort, String lastServer, String lastUser, Submit onSubmit) {
        this.texts = texts;
        getStyleClass().add("login");
        title.getStyleClass().add("title");
        title.setId("login-title");
        server.setId("server");
        server.setPromptText(texts.get("login.server.prompt", Integer.toString(defaultPort)));
        server.setText(lastServer == null ? "" : lastServer);
        hostHere.setId("host-here");
        hostHere.setText(texts.get("login.host.here"));
        hostHere.setSelected(true);
        hostHere.setWrapText(true);
        hostHere.setMaxWidth(320);
        String local = "127.0.0.1:" + defaultPort;
        hostHere.visibleProperty().bind(server.textProperty().map(s -> s.isBlank() || s.strip().equals(local)));
        hostHere.managedProperty().bind(hostHere.visibleProperty());
        username.setId("username");
        username.setPromptText(texts.get("login.username"));
        username.setText(lastUser == null ? "" : lastUser);
        password.setId("password");
        password.setPromptText(texts.get("login.password"));
        again.setId("password-again");
        again.setPromptText(texts.get("login.password.again"));
        rules.setText(texts.get("login.rules"));
        rules.getStyleClass().add("login-rules");
        rules.setMaxWidth(320);
        error.setId("login-error");
        error.getStyleClass().add("error-text");
        error.setMaxWidth(320);
        info.setId("login-info");
        info.getStyleClass().add("muted");
        info.setWrapText(true);
        info.setMaxWidth(320);
        submit.setId("login-submit");
        submit.getStyleClass().add("primary");
        submit.setDefaultButton(true);
        submit.setMaxWidth(Double.MAX_VALUE);
        toggle.setId("login-switch");
        busy.setMaxSize(22, 22);
        busy.setVisible(false);

        Label serverLabel = small(texts.get("login.server"));
        Label userLabel = small(texts.get("login.username"));
        Label passLabel = small(texts.get("login.password"));
        javafx.scene.Node mark = look.icon("logo", 34);
        mark.getStyleClass().add("logo");
        HBox logo = new HBox(10, mark, title);
        logo.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(8, logo, serverLabel, server, hostHere, userLabel, username, passLabel, password, again, rules,
                error, new StackPane(submit, busy), toggle, info);
        StackPane.setAlignment(busy, Pos.CENTER_RIGHT);
        card.getStyleClass().add("login-card");
        card.setMaxWidth(384);
        card.setMaxHeight(Double.MAX_VALUE);
        card.setFillWidth(true);
        VBox outer = new VBox(card);
        outer.setAlignment(Pos.CENTER);
        outer.setMaxWidth(384);
        getChildren().add(outer);
        StackPane.setAlignment(outer, Pos.CENTER);

        submit.setOnAction(e -> submit(onSubmit));
        toggle.setOnAction(e -> mode(!register));
        mode(false);
    }

    private static Label small(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("muted");
        return l;
    }

    void mode(boolean registering) {
        this.register = registering;
        title.setText(texts.get(registering ? "login.register.title" : "login.title"));
        submit.setText(texts.get(registering ? "login.register.submit" : "login.submit"));
        toggle.setText(texts.get(registering ? "login.switch.login" : "login.switch.register"));
        again.setVisible(registering);
        again.setManaged(registering);
        rules.setVisible(registering);
        rules.setManaged(registering);
        error.setText("");
    }

    private void submit(Submit onSubmit) {
        String user = username.getText().strip();
        String pass = password.getText();
        if (user.isEmpty() || pass.isEmpty()) {
            failed(texts.get("login.empty"));
            return;
        }
        if (register && !pass.equals(again.getText())) {
            failed(texts.get("login.mismatch"));
            return;
        }
        error.setText("");
        busy(true, texts.get("login.busy"));
        onSubmit.submit(new Request(server.getText().strip(), hostHere.isSelected(), user, pass, register));
    }

    void busy(boolean on, String text) {
        busy.setVisible(on);
        submit.setDisable(on);
        if (text != null) {
            info.setText(text);
        }
    }

    void failed(String text) {
        busy(false, "");
        error.setText(text);
        password.requestFocus();
    }

    void info(String text) {
        info.setText(text);
    }

    void focusFirst() {
        (username.getText().isEmpty() ? username : password).requestFocus();
    }
}
