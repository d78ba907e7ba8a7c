package dev.parley.app.ui;

import dev.parley.app.core.Messenger;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Add a friend, answer a request, and the list of open requests; every call runs in the background. */
final class FriendDialogs {

    /** What the main window hears back. */
    interface Outcome {
        void requestSent(String user);

        void befriended(Friend friend);

        void answered(String user);
    }

    private final Texts texts;
    private final Look look;
    private final Messenger messenger;
    private final Background background;
    private final Errors errors;
    private final Outcome outcome;

    FriendDialogs(Texts texts, Look look, Messenger messenger, Background background, Errors errors, Outcome outcome) {
        this.texts = texts;
        this.look = look;
        this.messenger = messenger;
        this.background = background;
        this.errors = errors;
        this.outcome = outcome;
    }

    Stage add(Window owner) {
        TextField user = new TextField();
        user.setId("friend-username");
        user.setPromptText(texts.get("friend.add.username"));
        TextArea note = new TextArea();
        note.setId("friend-message");
        note.setPromptText(texts.get("friend.add.message"));
        note.setPrefRowCount(3);
        note.setWrapText(true);
        Label error = errorLabel("friend-error");
        Button send = primary(texts.get("friend.add.send"), "friend-send");
        Button cancel = new Button(texts.get("dialog.cancel"));
        Label title = new Label(texts.get("friend.add.title"));
        title.getStyleClass().add("subtitle");
        VBox body = new VBox(10, title, user, note, error, buttons(cancel, send));
        body.setPrefWidth(360);
        Stage s = Dialogs.open(owner, look, texts.get("friend.add.title"), body, true);
        cancel.setOnAction(e -> s.close());
        Runnable submit = () -> {
            String name = user.getText().strip();
            if (name.isEmpty()) {
                error.setText(texts.get("friend.add.username"));
                return;
            }
            send.setDisable(true);
            String msg = note.getText().isBlank() ? null : note.getText().strip();
            background.run(() -> messenger.locator().call(Command.FRIEND_REQUEST, new FriendRequest(name, msg, null), Map.class),
                    reply -> {
                        s.close();
                        if (reply.containsKey("status")) {
                            outcome.befriended(new Friend(String.valueOf(reply.get("username")),
                                    Presence.valueOf(String.valueOf(reply.get("status")))));
                        } else {
                            outcome.requestSent(String.valueOf(reply.get("username")));
                        }
                    }, e -> {
                        send.setDisable(false);
                        error.setText(errors.words(e));
                    });
        };
        send.setOnAction(e -> submit.run());
        user.setOnAction(e -> submit.run());
        user.requestFocus();
        return s;
    }

    /** The pop-up for a request that arrives while the user is here. */
    Stage incoming(Window owner, FriendRequest r) {
        Label title = new Label(texts.get("friend.request.text", r.username()));
        title.setId("request-text");
        title.getStyleClass().add("subtitle");
        title.setWrapText(true);
        VBox body = new VBox(10, new HBox(12, Look.avatar(r.username(), 44), title));
        if (r.message() != null && !r.message().isBlank()) {
            Label m = new Label("“" + r.message() + "”");
            m.setWrapText(true);
            m.getStyleClass().add("muted");
            body.getChildren().add(m);
        }
        Label error = errorLabel("request-error");
        Button accept = primary(texts.get("friend.accept"), "request-accept");
        Button reject = new Button(texts.get("friend.reject"));
        reject.setId("request-reject");
        body.getChildren().addAll(error, buttons(reject, accept));
        body.setPrefWidth(380);
        Stage s = Dialogs.open(owner, look, texts.get("friend.request.title"), body, false);
        accept.setOnAction(e -> answer(r.username(), true, s, error));
        reject.setOnAction(e -> answer(r.username(), false, s, error));
        return s;
    }

    /** Every open request, with Accept / Reject for the incoming ones. */
    Stage list(Window owner, FriendList l) {
        VBox rows = new VBox();
        Label title = new Label(texts.get("friend.requests.title"));
        title.getStyleClass().add("subtitle");
        VBox body = new VBox(10, title);
        Label error = errorLabel("requests-error");
        Stage[] self = new Stage[1];
        if (l.incoming().isEmpty() && l.outgoing().isEmpty()) {
            rows.getChildren().add(new Label(texts.get("friend.requests.none")));
        }
        if (!l.incoming().isEmpty()) {
            rows.getChildren().add(header(texts.get("friend.requests.incoming")));
            for (FriendRequest r : l.incoming()) {
                Button accept = primary(texts.get("friend.accept"), "accept-" + r.username());
                Button reject = new Button(texts.get("friend.reject"));
                reject.setId("reject-" + r.username());
                HBox row = row(r, accept, reject);
                accept.setOnAction(e -> answerInList(r.username(), true, row, error));
                reject.setOnAction(e -> answerInList(r.username(), false, row, error));
                rows.getChildren().add(row);
            }
        }
        if (!l.outgoing().isEmpty()) {
            rows.getChildren().add(header(texts.get("friend.requests.outgoing")));
            for (FriendRequest r : l.outgoing()) {
                Label waiting = new Label(texts.get("friend.requests.waiting"));
                waiting.getStyleClass().add("muted");
                rows.getChildren().add(row(r, waiting));
            }
        }
        Button close = new Button(texts.get("dialog.close"));
        body.getChildren().addAll(rows, error, buttons(close));
        body.setPrefWidth(420);
        self[0] = Dialogs.open(owner, look, texts.get("friend.requests.title"), body, false);
        close.setOnAction(e -> self[0].close());
        return self[0];
    }

    private void answer(String user, boolean accept, Stage s, Label error) {
        background.run(() -> call(user, accept), friend -> {
            s.close();
            done(user, friend);
        }, e -> error.setText(errors.words(e)));
    }

    private void answerInList(String user, boolean accept, HBox row, Label error) {
        background.run(() -> call(user, accept), friend -> {
            row.setDisable(true);
            row.setVisible(false);
            row.setManaged(false);
            done(user, friend);
        }, e -> error.setText(errors.words(e)));
    }

    private Friend call(String user, boolean accept) throws Exception {
        if (accept) {
            return messenger.locator().call(Command.FRIEND_ACCEPT, new UserRef(user), Friend.class);
        }
        messenger.locator().call(Command.FRIEND_REJECT, new UserRef(user), UserRef.class);
        return null;
    }

    private void done(String user, Friend friend) {
        if (friend != null) {
            outcome.befriended(friend);
        }
        outcome.answered(user);
    }

    private HBox row(FriendRequest r, javafx.scene.Node... right) {
        Label name = new Label(r.username());
        name.getStyleClass().add("contact-name");
        VBox text = new VBox(2, name);
        if (r.message() != null && !r.message().isBlank()) {
            Label m = new Label(r.message());
            m.getStyleClass().add("muted");
            text.getChildren().add(m);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox row = new HBox(10, Look.avatar(r.username(), 34), text, grow);
        row.getChildren().addAll(right);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("request-row");
        return row;
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("muted");
        return l;
    }

    private static Label errorLabel(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("error-text");
        l.setMaxWidth(360);
        return l;
    }

    static Button primary(String text, String id) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("primary");
        b.setDefaultButton(true);
        return b;
    }

    private static HBox buttons(Button... bs) {
        HBox h = new HBox(8, bs);
        h.setAlignment(Pos.CENTER_RIGHT);
        return h;
    }

}
