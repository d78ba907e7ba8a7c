package dev.parley.app.ui;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.core.Messenger;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The right side: one conversation, its history (scroll up for older), search, and the composer. */
final class ConversationPane extends StackPane {

    static final int PAGE = 50;

    private final Texts texts;
    private final Messenger messenger;
    private final Background background;
    private final Consumer<String> openLink;

    private final ObservableList<ChatMessage> items = FXCollections.observableArrayList();
    private final ListView<ChatMessage> list = new ListView<>(items);
    private final Label title = new Label();
    private final Label presence = new Label();
    private final TextField search = new TextField();
    private final ListView<ChatMessage> results = new ListView<>();
    private final Label notice = new Label();
    private final TextArea composer = new TextArea();
    private final Label composeError = new Label();
    private final Label empty = new Label();
    private final BorderPane chat = new BorderPane();
    private final TransfersPane files;

    private Contact contact;
    private ChangeListener<Presence> presenceListener;
    private boolean loadingOlder;
    private boolean noOlder;
    private boolean scrollQueued;
    private long generation;
    private ScrollBar bar;
    /** Until then the bar moves because we replaced the items, not because the user scrolled. */
    private long settledAt;

    ConversationPane(Texts texts, Messenger messenger, Background background, Look look, Consumer<String> openLink) {
        this.texts = texts;
        this.messenger = messenger;
        this.background = background;
        this.openLink = openLink;
        getStyleClass().add("conversation");

        title.getStyleClass().add("conversation-title");
        title.setId("conversation-title");
        presence.getStyleClass().add("muted");
        presence.setId("conversation-presence");
        search.setPromptText(texts.get("chat.search.prompt"));
        search.setId("conversation-search");
        search.setPrefWidth(220);
        search.setOnAction(e -> runSearch());
        search.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                closeSearch();
                e.consume();
            }
        });
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        VBox names = new VBox(1, title, presence);
        Button voiceCall = new Button(null, look.icon("call", 18));
        voiceCall.setId("call-voice");
        voiceCall.getStyleClass().add("icon-button");
        voiceCall.setTooltip(new javafx.scene.control.Tooltip(texts.get("call.voice")));
        voiceCall.setAccessibleText(texts.get("call.voice"));
        voiceCall.setOnAction(e -> startCall(false));
        Button videoCall = new Button(null, look.icon("video", 18));
        videoCall.setId("call-video");
        videoCall.getStyleClass().add("icon-button");
        videoCall.setTooltip(new javafx.scene.control.Tooltip(texts.get("call.video")));
        videoCall.setAccessibleText(texts.get("call.video"));
        videoCall.setOnAction(e -> startCall(true));
        HBox header = new HBox(10, names, grow, voiceCall, videoCall, look.icon("search", 16), search);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("conversation-header");

        notice.getStyleClass().add("waiting-notice");
        notice.setId("waiting-notice");
        notice.setMaxWidth(Double.MAX_VALUE);
        notice.setWrapText(true);

        list.getStyleClass().add("message-list");
        list.setId("messages");
        list.setCellFactory(v -> new MessageCell(texts, this::peerOffline, openLink));
        list.setFocusTraversable(false);

        results.setId("search-results");
        results.getStyleClass().add("search-results");
        results.setMaxHeight(260);
        results.setVisible(false);
        results.setManaged(false);
        results.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ChatMessage m, boolean isEmpty) {
                super.updateItem(m, isEmpty);
                setText(isEmpty || m == null ? null
                        : ContactCell.when(m.sentAt()) + "  " + (m.outgoing() ? "→ " : "") + m.body().replace('\n', ' '));
            }
        });
        results.getSelectionModel().selectedItemProperty().addListener((o, was, hit) -> {
            if (hit != null) {
                jumpTo(hit);
            }
        });

        composer.setPromptText(texts.get("chat.compose.prompt"));
        composer.setId("composer");
        composer.setWrapText(true);
        composer.addEventFilter(KeyEvent.KEY_PRESSED, this::composerKey);
        this.files = new TransfersPane(texts, messenger, background, look, openLink, composeError::setText);
        Button attach = new Button(null, look.icon("attach", 18));
        attach.setId("send-file");
        attach.getStyleClass().add("icon-button");
        attach.setTooltip(new javafx.scene.control.Tooltip(texts.get("file.send.tooltip")));
        attach.setAccessibleText(texts.get("file.send"));
        attach.setOnAction(e -> chooseFiles());
        Button send = new Button(texts.get("chat.send"));
        send.setId("send");
        send.getStyleClass().add("primary");
        send.setOnAction(e -> send());
        composeError.getStyleClass().add("error-text");
        composeError.setId("compose-error");
        composeError.managedProperty().bind(composeError.textProperty().isNotEmpty());
        HBox.setHgrow(composer, Priority.ALWAYS);
        HBox sendRow = new HBox(8, attach, composer, send);
        sendRow.setAlignment(Pos.BOTTOM_RIGHT);
        VBox composerBox = new VBox(4, composeError, sendRow);
        composerBox.getStyleClass().add("composer");

        VBox top = new VBox(header, results);
        chat.setTop(top);
        chat.setCenter(list);
        chat.setBottom(new VBox(notice, files, composerBox));
        chat.setOnDragOver(e -> {
            if (contact != null && e.getDragboard().hasFiles()) {
                e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
            }
            e.consume();
        });
        chat.setOnDragDropped(e -> {
            boolean ok = contact != null && e.getDragboard().hasFiles();
            if (ok) {
                sendFiles(e.getDragboard().getFiles().stream().map(java.io.File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });

        empty.setText(texts.get("main.empty"));
        empty.getStyleClass().add("empty-hint");
        empty.setId("empty-conversation");
        getChildren().setAll(empty);
    }

    private void startCall(boolean video) {
        String p = peer();
        if (p == null) {
            return;
        }
        try {
            messenger.call(p, video);
        } catch (IllegalArgumentException | IllegalStateException e) {
            composeError.setText(e.getMessage());
        }
    }

    String peer() {
        return contact == null ? null : contact.username();
    }

    TransfersPane files() {
        return files;
    }

    private void chooseFiles() {
        if (contact == null) {
            return;
        }
        javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
        fc.setTitle(texts.get("file.choose", contact.username()));
        java.util.List<java.io.File> chosen = fc.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            sendFiles(chosen.stream().map(java.io.File::toPath).toList());
        }
    }

    /** Offers each file to the open conversation's friend (hashing and offering happen off this thread). */
    void sendFiles(java.util.List<java.nio.file.Path> paths) {
        String peer = contact.username();
        composeError.setText("");
        for (java.nio.file.Path p : paths) {
            background.run(() -> messenger.sendFile(peer, p), t -> { }, e -> composeError.setText(e.getMessage()));
        }
    }

    ObservableList<ChatMessage> items() {
        return items;
    }

    void open(Contact c) {
        if (contact != null && presenceListener != null) {
            contact.presence().removeListener(presenceListener);
        }
        contact = c;
        generation++;
        items.clear();
        noOlder = false;
        loadingOlder = false;
        closeSearch();
        composeError.setText("");
        if (c == null) {
            files.show(null);
            getChildren().setAll(empty);
            return;
        }
        getChildren().setAll(chat);
        files.show(c.username());
        title.setText(c.username());
        presenceListener = (o, was, now) -> showPresence();
        c.presence().addListener(presenceListener);
        showPresence();
        long gen = generation;
        String peer = c.username();
        background.run(() -> messenger.conversation(peer, PAGE), page -> {
            if (gen == generation) {
                settle();
                items.setAll(page);
                noOlder = page.size() < PAGE;
                list.scrollTo(items.size() - 1);
                hookScrollBar();
            }
        }, e -> composeError.setText(e.getMessage()));
        Platform.runLater(composer::requestFocus);
    }

    private void showPresence() {
        Presence p = contact.presence().get();
        presence.setText(texts.get("main.status." + p.name().toLowerCase(Locale.ROOT)));
        boolean offline = p == Presence.OFFLINE;
        notice.setText(texts.get("chat.waiting.notice", contact.username()));
        notice.setVisible(offline);
        notice.setManaged(offline);
        list.refresh();
    }

    private boolean peerOffline() {
        return contact != null && contact.presence().get() == Presence.OFFLINE;
    }

    private void composerKey(KeyEvent e) {
        if (e.getCode() == KeyCode.ENTER) {
            if (e.isShiftDown()) {
                composer.insertText(composer.getCaretPosition(), "\n");
            } else {
                send();
            }
            e.consume();
        }
    }

    void send() {
        if (contact == null) {
            return;
        }
        String text = composer.getText();
        if (text.isBlank()) {
            return;
        }
        try {
            messenger.send(contact.username(), text.strip());
            composer.clear();
            composeError.setText("");
            composeError.managedProperty().bind(composeError.textProperty().isNotEmpty());
        } catch (IllegalArgumentException | IllegalStateException e) {
            composeError.setText(e.getMessage());
        }
    }

    /** A message was stored; shows it when it belongs here. */
    void messageAdded(ChatMessage m) {
        if (contact == null || !m.peer().equals(contact.username())) {
            return;
        }
        boolean follow = m.outgoing() || atBottom();
        items.add(m);
        if (follow) {
            queueScrollToEnd();
        }
    }

    void deliveryChanged(String peer, List<String> ids, Delivery state) {
        if (contact == null || !peer.equals(contact.username())) {
            return;
        }
        Set<String> left = new HashSet<>(ids);
        for (int i = items.size() - 1; i >= 0 && !left.isEmpty(); i--) {
            ChatMessage m = items.get(i);
            if (left.remove(m.id()) && m.state() != Delivery.DELIVERED) {
                items.set(i, m.withState(state));
            }
        }
    }

    /** Reloads what is shown from the history (the UI lane dropped events). */
    void reload() {
        if (contact != null) {
            open(contact);
        }
    }

    void focusSearch() {
        if (contact != null) {
            search.requestFocus();
            search.selectAll();
        }
    }

    void focusComposer() {
        composer.requestFocus();
    }

    private void queueScrollToEnd() {
        // many messages in one pulse scroll once
        if (!scrollQueued) {
            scrollQueued = true;
            Platform.runLater(() -> {
                scrollQueued = false;
                list.scrollTo(items.size() - 1);
            });
        }
    }

    private boolean atBottom() {
        hookScrollBar();
        return bar == null || bar.getValue() >= bar.getMax() - 0.02 || !bar.isVisible();
    }

    private void hookScrollBar() {
        if (bar != null) {
            return;
        }
        for (Node n : list.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar sb && sb.getOrientation() == Orientation.VERTICAL) {
                bar = sb;
                bar.valueProperty().addListener((o, was, now) -> {
                    if (now.doubleValue() <= bar.getMin() + 1e-6 && was.doubleValue() > now.doubleValue()
                            && System.nanoTime() > settledAt) {
                        loadOlder();
                    }
                });
            }
        }
    }

    private void settle() {
        settledAt = System.nanoTime() + 400_000_000L;
    }

    /** Scrolled to the top: the page before the first shown message. */
    void loadOlder() {
        if (contact == null || loadingOlder || noOlder || items.isEmpty()) {
            return;
        }
        loadingOlder = true;
        long gen = generation;
        String peer = contact.username();
        long first = items.get(0).seq();
        background.run(() -> messenger.history().before(peer, first, PAGE), page -> {
            loadingOlder = false;
            if (gen != generation) {
                return;
            }
            noOlder = page.size() < PAGE;
            settle();
            items.addAll(0, page);
            list.scrollTo(page.size());
        }, e -> loadingOlder = false);
    }

    boolean hasOlder() {
        return !noOlder;
    }

    private void runSearch() {
        String q = search.getText().strip();
        if (q.isEmpty() || contact == null) {
            closeSearch();
            return;
        }
        String peer = contact.username();
        background.run(() -> {
            List<ChatMessage> mine = new ArrayList<>();
            for (ChatMessage m : messenger.search(q, 2000)) {
                if (m.peer().equals(peer)) {
                    mine.add(m);
                }
            }
            return mine;
        }, found -> {
            results.getItems().setAll(found);
            results.setPlaceholder(new Label(texts.get("chat.search.none", q)));
            results.setVisible(true);
            results.setManaged(true);
        }, e -> composeError.setText(e.getMessage()));
    }

    private void closeSearch() {
        results.getItems().clear();
        results.setVisible(false);
        results.setManaged(false);
        search.clear();
    }

    /** Shows the conversation from a little before {@code hit} to now, with the hit selected. */
    private void jumpTo(ChatMessage hit) {
        long gen = ++generation;
        String peer = contact.username();
        background.run(() -> {
            List<ChatMessage> around = new ArrayList<>(messenger.history().before(peer, hit.seq(), 10));
            around.addAll(messenger.history().since(peer, hit.seq()));
            return around;
        }, around -> {
            if (gen != generation) {
                return;
            }
            settle();
            items.setAll(around);
            noOlder = false;
            int at = 0;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).seq() == hit.seq()) {
                    at = i;
                }
            }
            list.getSelectionModel().select(at);
            list.scrollTo(Math.max(0, at - 2));
            closeSearch();
        }, e -> composeError.setText(e.getMessage()));
    }
}
