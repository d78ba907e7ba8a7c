package dev.parley.app.ui;

import dev.parley.app.call.Call;
import dev.parley.app.call.CallState;
import javafx.stage.Stage;
import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.History;
import dev.parley.app.core.Messenger;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Command;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.locator.LocatorMessages;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendList;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.protocol.locator.LocatorMessages.PresenceChange;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The signed-in window: me and my contacts on the left, the open conversation on the right. */
final class MainView extends BorderPane implements FriendDialogs.Outcome {

    /** What the main view asks of the window around it. */
    interface Host {
        Window window();

        boolean focused();

        void openSettings();

        void conversationOpened(String peer);

        void unreadChanged(int total);
    }

    private final Texts texts;
    private final Messenger messenger;
    private final Background background;
    private final Notifier notifier;
    private final Look look;
    private final Errors errors;
    private final Host host;
    private final FriendDialogs friends;
    private final Payloads payloads = new Payloads();

    private final ObservableList<Contact> contacts = FXCollections.observableArrayList(Contact::observables);
    private final Map<String, Contact> byName = new HashMap<>();
    private final FilteredList<Contact> filtered = new FilteredList<>(contacts);
    private final ListView<Contact> contactList;
    private final TextField contactSearch = new TextField();
    private final ConversationPane conversation;
    private final ComboBox<Presence> status = new ComboBox<>();
    private final Label banner = new Label();
    private final IntegerProperty pendingRequests = new SimpleIntegerProperty();
    private final Label requestBadge = new Label();
    private boolean autoAway;
    private boolean settingStatus;

    MainView(Texts texts, Look look, Messenger messenger, Background background, Notifier notifier, Host host,
             Consumer<String> openLink) {
        this.texts = texts;
        this.messenger = messenger;
        this.background = background;
        this.notifier = notifier;
        this.host = host;
        this.errors = new Errors(texts);
        this.friends = new FriendDialogs(texts, look, messenger, background, errors, this);
        this.look = look;
        this.conversation = new ConversationPane(texts, messenger, background, look, openLink);

        String me = messenger.username() == null ? "?" : messenger.username();
        Label name = new Label(me);
        name.getStyleClass().add("me-name");
        name.setId("me-name");
        status.getItems().setAll(Presence.ONLINE, Presence.AWAY);
        status.setValue(Presence.ONLINE);
        status.setId("status");
        status.setButtonCell(statusCell());
        status.setCellFactory(v -> statusCell());
        status.setOnAction(e -> {
            if (status.getValue() != null && !settingStatus) {
                autoAway = false;
                setStatus(status.getValue());
            }
        });
        Button add = iconButton(look, "add-friend", texts.get("main.add.friend"), "add-friend");
        add.setOnAction(e -> showAddFriend());
        Button requests = iconButton(look, "requests", texts.get("main.requests"), "requests");
        requestBadge.getStyleClass().addAll("badge", "badge-text");
        requestBadge.setId("requests-badge");
        requestBadge.textProperty().bind(pendingRequests.asString());
        requestBadge.visibleProperty().bind(pendingRequests.greaterThan(0));
        requestBadge.setMouseTransparent(true);
        StackPane requestsBox = new StackPane(requests, requestBadge);
        StackPane.setAlignment(requestBadge, Pos.TOP_RIGHT);
        requests.setOnAction(e -> showRequests());
        Button settings = iconButton(look, "settings", texts.get("main.settings"), "settings");
        settings.setOnAction(e -> host.openSettings());
        VBox meText = new VBox(2, name, status);
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox meBar = new HBox(10, Look.avatar(me, 40), meText, grow, add, requestsBox, settings);
        meBar.setAlignment(Pos.CENTER_LEFT);
        meBar.getStyleClass().add("me-bar");

        banner.setText(texts.get("main.reconnecting"));
        banner.getStyleClass().add("waiting-notice");
        banner.setId("reconnecting");
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.setWrapText(true);
        showBanner(false);

        contactSearch.setId("contact-search");
        contactSearch.setPromptText(texts.get("main.search.prompt"));
        contactSearch.textProperty().addListener((o, was, now) -> {
            String q = now.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(q.isEmpty() ? null : c -> c.username().contains(q));
        });
        VBox searchBox = new VBox(contactSearch);
        searchBox.setStyle("-fx-padding: 8 10 8 10;");

        SortedList<Contact> sorted = new SortedList<>(filtered, Comparator
                .comparingLong((Contact c) -> c.lastAt().get()).reversed().thenComparing(Contact::username));
        contactList = new ListView<>(sorted);
        contactList.setId("contacts");
        contactList.getStyleClass().add("contact-list");
        contactList.setCellFactory(v -> new ContactCell());
        Label none = new Label(texts.get("main.no.friends"));
        none.getStyleClass().add("empty-hint");
        none.setWrapText(true);
        none.setMaxWidth(220);
        contactList.setPlaceholder(none);
        contactList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && (conversation.peer() == null || !conversation.peer().equals(now.username()))) {
                open(now);
            }
        });
        VBox.setVgrow(contactList, Priority.ALWAYS);
        VBox sidebar = new VBox(meBar, banner, searchBox, contactList);
        sidebar.getStyleClass().add("sidebar");
        sidebar.setPrefWidth(300);
        sidebar.setMinWidth(240);
        setLeft(sidebar);
        setCenter(conversation);

        setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN).match(e)) {
                if (conversation.peer() != null) {
                    conversation.focusSearch();
                } else {
                    contactSearch.requestFocus();
                }
                e.consume();
            } else if (new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN).match(e)) {
                showAddFriend();
                e.consume();
            }
        });
    }

    private ListCell<Presence> statusCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(Presence p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : texts.get("main.status." + p.name().toLowerCase(Locale.ROOT)));
            }
        };
    }

    private static Button iconButton(Look look, String icon, String tip, String id) {
        Button b = new Button();
        b.setGraphic(look.icon(icon, 20));
        b.getStyleClass().add("flat");
        b.setTooltip(new Tooltip(tip));
        b.setId(id);
        b.setFocusTraversable(false);
        return b;
    }

    // ---- what the user does

    Stage showAddFriend() {
        return friends.add(host.window());
    }

    void showRequests() {
        background.run(() -> messenger.locator().call(Command.FRIENDS, LocatorMessages.EMPTY, FriendList.class), l -> {
            pendingRequests.set(l.incoming().size());
            friends.list(host.window(), l);
        }, e -> notifier.toast(errors.words(e)));
    }

    void open(Contact c) {
        conversation.open(c);
        contactList.getSelectionModel().select(c);
        if (c != null) {
            markRead(c);
        }
        host.conversationOpened(c == null ? null : c.username());
    }

    /** Opens {@code peer}'s conversation if they are a contact. */
    void open(String peer) {
        Contact c = byName.get(peer);
        if (c != null) {
            open(c);
        }
    }

    private void markRead(Contact c) {
        if (c.unread().get() > 0) {
            c.unread().set(0);
            host.unreadChanged(totalUnread());
            String peer = c.username();
            background.run("mark read", () -> {
                List<ChatMessage> last = messenger.conversation(peer, 1);
                if (!last.isEmpty()) {
                    messenger.history().markRead(peer, last.get(0).seq());
                }
                return null;
            });
        }
    }

    /** The window got focus back: the open conversation counts as read. */
    void focused() {
        Contact c = conversation.peer() == null ? null : byName.get(conversation.peer());
        if (c != null) {
            markRead(c);
        }
    }

    int totalUnread() {
        return contacts.stream().mapToInt(c -> c.unread().get()).sum();
    }

    private void setStatus(Presence p) {
        background.run(() -> {
            messenger.locator().presence(p);
            return p;
        }, done -> { }, e -> notifier.toast(errors.words(e)));
    }

    /** No input for a while: away, and back when the user returns (unless they chose away themselves). */
    void idle(boolean idle) {
        if (idle && status.getValue() == Presence.ONLINE) {
            showStatus(Presence.AWAY);
            autoAway = true;
            setStatus(Presence.AWAY);
        } else if (!idle && autoAway) {
            autoAway = false;
            showStatus(Presence.ONLINE);
            setStatus(Presence.ONLINE);
        }
    }

    private void showStatus(Presence p) {
        settingStatus = true;
        try {
            status.setValue(p);
        } finally {
            settingStatus = false;
        }
    }

    // ---- what the core tells us (on the JavaFX thread)

    void loggedIn(Welcome w) {
        for (Friend f : w.roster().friends()) {
            contact(f.username()).presence().set(f.status());
        }
        pendingRequests.set(w.roster().incoming().size());
        showBanner(false);
        loadSummaries();
    }

    private void loadSummaries() {
        background.run(() -> messenger.history().summaries(), list -> {
            for (History.Summary s : list) {
                Contact c = byName.get(s.peer());
                if (c != null) {
                    c.preview().set(s.last().body());
                    c.lastAt().set(s.last().sentAt());
                    boolean reading = s.peer().equals(conversation.peer()) && host.focused();
                    c.unread().set(reading ? 0 : s.unread());
                }
            }
            host.unreadChanged(totalUnread());
        }, e -> notifier.toast(errors.words(e)));
    }

    private Contact contact(String name) {
        return byName.computeIfAbsent(name, n -> {
            Contact c = new Contact(n, Presence.OFFLINE);
            contacts.add(c);
            return c;
        });
    }

    void transferChanged(dev.parley.app.transfer.Transfer t) {
        conversation.files().changed(t);
        boolean looking = t.peer().equals(conversation.peer()) && host.focused();
        if (!t.outgoing() && t.state() == dev.parley.app.transfer.TransferState.OFFERED) {
            notifier.toast(texts.get("file.notify.offer", t.peer(), t.name(), dev.parley.app.transfer.Space.human(t.size())));
        } else if (!looking && t.state() == dev.parley.app.transfer.TransferState.DONE && !t.outgoing()) {
            notifier.toast(texts.get("file.notify.done", t.name()));
        } else if (!looking && t.state() == dev.parley.app.transfer.TransferState.FAILED) {
            notifier.toast(texts.get("file.notify.failed", t.name(), t.error()));
        }
    }

    private CallWindow callWindow;
    private Stage incoming;

    /** A call rang or changed: the incoming dialog, the call window, a toast when it ends. */
    void callChanged(Call c) {
        if (!c.outgoing() && c.state() == CallState.RINGING) {
            showIncoming(c);
            return;
        }
        if (incoming != null) {
            incoming.close();
            incoming = null;
        }
        if (c.state() == CallState.ENDED) {
            if (callWindow != null) {
                callWindow.update(c);
                callWindow.close();
            }
            notifier.toast(texts.get("call.notify.ended", c.peer(), c.reason()));
            return;
        }
        if (callWindow == null) {
            callWindow = new CallWindow(texts, look, messenger, getScene().getWindow());
        }
        callWindow.update(c);
    }

    /** The call window (null until the first call): tests look at it. */
    CallWindow callWindow() {
        return callWindow;
    }

    void callStats(Call c, dev.parley.media.call.CallStats s) {
        if (callWindow != null) {
            callWindow.stats(s);
        }
    }

    private void showIncoming(Call c) {
        if (callWindow == null) {
            // Made now so the call's pictures have somewhere to go the moment it is answered.
            callWindow = new CallWindow(texts, look, messenger, getScene().getWindow());
        }
        Label who = new Label(texts.get(c.video() ? "call.incoming.video" : "call.incoming.voice", c.peer()));
        who.getStyleClass().add("call-title");
        who.setId("incoming-call-text");
        Button accept = new Button(texts.get("call.accept"), look.icon("video", 16));
        accept.setId("incoming-accept");
        accept.getStyleClass().add("accept-button");
        Button voiceOnly = new Button(texts.get("call.accept.novideo"), look.icon("call", 16));
        voiceOnly.setId("incoming-accept-novideo");
        Button reject = new Button(texts.get("call.reject"), look.icon("hangup", 16));
        reject.setId("incoming-reject");
        reject.getStyleClass().add("hangup-button");
        HBox buttons = new HBox(8, accept, voiceOnly, reject);
        VBox body = new VBox(14, who, buttons);
        body.setPadding(new javafx.geometry.Insets(18));
        Stage s = Dialogs.open(getScene().getWindow(), look, texts.get("call.incoming.title"), body, false);
        accept.setOnAction(e -> {
            s.close();
            messenger.answer(true);
        });
        voiceOnly.setOnAction(e -> {
            s.close();
            messenger.answer(false);
        });
        reject.setOnAction(e -> {
            s.close();
            messenger.rejectCall();
        });
        s.setOnCloseRequest(e -> messenger.rejectCall());
        incoming = s;
        notifier.ring();
        notifier.toast(texts.get(c.video() ? "call.incoming.video" : "call.incoming.voice", c.peer()));
    }

    void transferProgress(dev.parley.app.transfer.Progress p) {
        conversation.files().progress(p);
    }

    void messageAdded(ChatMessage m) {
        Contact c = byName.get(m.peer());
        if (c != null) {
            c.preview().set(m.body());
            c.lastAt().set(m.sentAt());
            if (!m.outgoing()) {
                boolean reading = m.peer().equals(conversation.peer()) && host.focused();
                if (reading) {
                    readUpTo(m.peer(), m.seq());
                } else {
                    c.unread().set(c.unread().get() + 1);
                    host.unreadChanged(totalUnread());
                    notifier.message(m.peer(), texts.get("notify.message", m.peer(), abbreviate(m.body())),
                            n -> texts.get("notify.messages", m.peer(), n));
                }
            }
        }
        conversation.messageAdded(m);
    }

    /** Read marks are written at most twice a second, however fast messages arrive. */
    private void readUpTo(String peer, long seq) {
        boolean scheduled = !readMarks.isEmpty();
        readMarks.merge(peer, seq, Math::max);
        if (!scheduled) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(500));
            later.setOnFinished(e -> {
                Map<String, Long> marks = new HashMap<>(readMarks);
                readMarks.clear();
                background.run("mark read", () -> {
                    for (var mark : marks.entrySet()) {
                        messenger.history().markRead(mark.getKey(), mark.getValue());
                    }
                    return null;
                });
            });
            later.play();
        }
    }

    private final Map<String, Long> readMarks = new HashMap<>();

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 80 ? one.substring(0, 79) + "…" : one;
    }

    void deliveryChanged(String peer, List<String> ids, Delivery state) {
        conversation.deliveryChanged(peer, ids, state);
    }

    void locatorState(LocatorClient.State state) {
        showBanner(state == LocatorClient.State.RECONNECTING);
        if (state == LocatorClient.State.RECONNECTING) {
            // we cannot vouch for anyone's presence until the server answers again
            contacts.forEach(c -> c.presence().set(Presence.OFFLINE));
        }
    }

    private void showBanner(boolean on) {
        banner.setVisible(on);
        banner.setManaged(on);
    }

    void locatorPush(Frame f) {
        try {
            if (f.command() == null) {
                return;
            }
            switch (f.command()) {
                case PRESENCE -> {
                    PresenceChange p = payloads.decode(f, PresenceChange.class);
                    Contact c = byName.get(p.username());
                    if (c != null) {
                        c.presence().set(p.status());
                    }
                }
                case FRIEND_REQUEST -> {
                    FriendRequest r = payloads.decode(f, FriendRequest.class);
                    pendingRequests.set(pendingRequests.get() + 1);
                    friends.incoming(host.window(), r);
                }
                case FRIEND_ACCEPT -> {
                    Friend fr = payloads.decode(f, Friend.class);
                    contact(fr.username()).presence().set(fr.status());
                    notifier.toast(texts.get("friend.now.friends", fr.username()));
                }
                case FRIEND_REJECT -> notifier.toast(texts.get("friend.rejected.you", payloads.decode(f, UserRef.class).username()));
                case FRIEND_REMOVE -> {
                    String gone = payloads.decode(f, UserRef.class).username();
                    Contact c = byName.remove(gone);
                    if (c != null) {
                        contacts.remove(c);
                        if (gone.equals(conversation.peer())) {
                            open((Contact) null);
                        }
                    }
                    notifier.toast(texts.get("friend.removed.you", gone));
                }
                default -> { }
            }
        } catch (ProtocolException e) {
            notifier.toast(e.getMessage());
        }
    }

    void resync() {
        loadSummaries();
        conversation.reload();
    }

    void problem(String text) {
        notifier.toast(text);
    }

    // ---- FriendDialogs.Outcome

    @Override
    public void requestSent(String user) {
        notifier.toast(texts.get("friend.add.sent", user));
    }

    @Override
    public void befriended(Friend friend) {
        contact(friend.username()).presence().set(friend.status());
        notifier.toast(texts.get("friend.now.friends", friend.username()));
    }

    @Override
    public void answered(String user) {
        pendingRequests.set(Math.max(0, pendingRequests.get() - 1));
    }

    // ---- for tests and the benchmark

    ConversationPane conversation() {
        return conversation;
    }

    List<Contact> contacts() {
        return contacts;
    }

    Contact contactNamed(String name) {
        return byName.get(name);
    }

    int pendingRequests() {
        return pendingRequests.get();
    }
}
