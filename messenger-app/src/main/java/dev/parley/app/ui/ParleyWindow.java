package dev.parley.app.ui;

import dev.parley.app.LocalLocator;
import dev.parley.app.core.Messenger;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.Profile;
import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import dev.parley.server.Locator;
import java.io.IOException;
import java.util.Optional;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.InputEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The messenger window and the composition root of the JavaFX side: it owns the stage, the
 * session (client core + hosted locator), the settings and the views, and switches between
 * signing in and the main view. Everything here runs on the JavaFX thread; blocking work goes
 * to {@link Background}.
 */
public final class ParleyWindow implements MainView.Host {

    private final WindowConfig config;
    private final Profile profile;
    private final Stage stage;
    private final Background background = new Background();
    private final Look look;
    private final StackPane root = new StackPane();
    private final Notifier notifier;
    private final UiBridge bridge = new UiBridge(this::sessionSaved, this::sessionReplaced);
    private final WindowState state;
    private Texts texts;
    private Session session;
    private MainView main;
    private LoginView login;
    private long lastInput = System.nanoTime();
    private boolean idle;
    private boolean closed;

    public ParleyWindow(Stage stage, WindowConfig config) {
        this.stage = stage;
        this.config = config;
        this.profile = config.profile();
        this.state = new WindowState(profile);
        this.look = new Look(state.theme());
        this.texts = Texts.forSetting(state.language());
        this.notifier = new Notifier(background, state::sound, stage::isFocused);
        Scene scene = new Scene(root, 980, 680);
        look.style(scene);
        scene.addEventFilter(InputEvent.ANY, this::input);
        stage.setScene(scene);
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.setTitle(texts.get("app.title"));
        state.restore(stage);
        stage.focusedProperty().addListener((o, was, now) -> {
            if (now && main != null) {
                main.focused();
            }
        });
        stage.setOnCloseRequest(e -> close());
        Timeline idleCheck = new Timeline(new KeyFrame(Duration.seconds(5), e -> checkIdle()));
        idleCheck.setCycleCount(Timeline.INDEFINITE);
        idleCheck.play();
    }

    /** Shows the window: resumes the saved session, or asks to sign in. */
    public void show() {
        stage.show();
        Optional<String> user = state.get("user");
        Optional<String> token = state.get("token");
        String server = serverText();
        showLogin();
        if (user.isPresent() && token.isPresent() && state.get("server").orElse("").equals(server.isEmpty()
                ? config.localServer().toString() : server)) {
            login.busy(true, texts.get("login.resuming", user.get()));
            connect(server, true, s -> s.messenger().resume(user.get(), token.get()), e -> {
                if (e instanceof RequestRefused) {
                    forgetToken();
                }
            });
        }
    }

    private String serverText() {
        if (config.server() != null) {
            return config.server();
        }
        String last = state.get("server").orElse("");
        return last.equals(config.localServer().toString()) ? "" : last;
    }

    private void showLogin() {
        bridge.show(null);
        main = null;
        login = new LoginView(texts, look, config.localServer().port(), serverText(),
                state.get("user").orElse(null), this::submit);
        root.getChildren().setAll(login, notifier.layer());
        stage.setTitle(texts.get("app.title"));
        Platform.runLater(login::focusFirst);
    }

    /** What the sign-in form does, callable directly (the UI benchmark signs in this way). */
    void submit(LoginView.Request r) {
        if (login != null) {
            login.busy(true, texts.get("login.busy"));
        }
        connect(r.server(), r.hostHere(), s -> {
            if (r.register()) {
                s.messenger().register(r.username(), r.password());
            }
            return s.messenger().login(r.username(), r.password());
        }, e -> { });
    }

    private interface SignIn {
        Welcome signIn(Session s) throws Exception;
    }

    /** Opens (or reuses) the session for {@code serverText} in the background, signs in, shows the main view. */
    private void connect(String serverText, boolean hostHere, SignIn signIn, java.util.function.Consumer<Exception> onFail) {
        HostPort target = serverText.isBlank() ? config.localServer()
                : HostPort.parse(serverText, config.localServer().port());
        Session current = session;
        background.run(() -> {
            Session s = current;
            if (s != null && !s.server().equals(target)) {
                s.close();
                s = null;
            }
            if (s == null) {
                s = open(target, hostHere);
            }
            Session opened = s;
            try {
                opened.messenger().locator().connect();
            } catch (IOException e) {
                throw new Failed(opened, e, true);
            }
            try {
                return new SignedIn(opened, signIn.signIn(opened));
            } catch (Exception e) {
                throw new Failed(opened, e, false);
            }
        }, done -> {
            session = done.session();
            showMain(done.welcome());
        }, e -> {
            Exception cause = e;
            boolean unreachable = false;
            if (e instanceof Failed f) {
                session = f.session;
                cause = (Exception) f.getCause();
                unreachable = f.unreachable;
            }
            if (unreachable) {
                login.failed(new Errors(texts).unreachable(target.toString(), cause));
            } else {
                login.failed(new Errors(texts).words(cause));
            }
            onFail.accept(cause);
        });
    }

    private Session open(HostPort target, boolean hostHere) throws Exception {
        Optional<Locator> hosted = Optional.empty();
        if (hostHere && target.equals(config.localServer())) {
            hosted = LocalLocator.ensure(config.home(), target.port());
            if (hosted.isPresent()) {
                Platform.runLater(() -> login.info(texts.get("login.hosting", target.toString())));
            }
        }
        try {
            Messenger m = Messenger.open(profile.dir(), target, profile.knownLocators().trustFor(target), Platform::runLater,
                    bridge, config.options());
            profile.setting("downloads").ifPresent(d -> m.setDownloads(java.nio.file.Path.of(d)));
            m.setDevices(dev.parley.app.profile.DeviceChoice.of(profile)); // off the FX thread: the file, not the window's copy
            return new Session(target, m, hosted);
        } catch (Exception e) {
            hosted.ifPresent(Locator::close);
            throw e;
        }
    }

    private record SignedIn(Session session, Welcome welcome) {
    }

    /** A failure that keeps the session it happened on, so the next try can reuse it. */
    private static final class Failed extends Exception {
        final transient Session session;
        final boolean unreachable;

        Failed(Session session, Exception cause, boolean unreachable) {
            super(cause.getMessage(), cause);
            this.session = session;
            this.unreachable = unreachable;
        }
    }

    private void showMain(Welcome w) {
        main = new MainView(texts, look, session.messenger(), background, notifier, this, config.openLink());
        bridge.show(main);
        root.getChildren().setAll(main, notifier.layer());
        main.loggedIn(w);
        login = null;
        state.conversation().ifPresent(peer -> Platform.runLater(() -> {
            if (main != null) {
                main.open(peer);
            }
        }));
        unreadChanged(0);
    }

    private void sessionSaved(Welcome w) {
        state.put("server", session != null ? session.server().toString() : null);
        state.put("user", w.username());
        state.put("token", w.token());
    }

    private void forgetToken() {
        state.put("token", null);
    }

    private void sessionReplaced() {
        forgetToken();
        showLogin();
        login.failed(new Errors(texts).words(new RequestRefused(dev.parley.protocol.ErrorCode.SESSION_REPLACED,
                "you signed in somewhere else; this window was signed out", null)));
    }

    void logout() {
        Session s = session;
        forgetToken();
        showLogin();
        if (s != null) {
            background.run("sign out", () -> {
                s.messenger().logout();
                return null;
            });
        }
    }

    /** Theme or language changed: rebuild what is shown. */
    void restyle(boolean languageChanged) {
        look.theme(state.theme());
        look.style(stage.getScene());
        for (Window w : Window.getWindows()) {
            if (w != stage && w.getScene() != null && w instanceof Stage s && s.getOwner() == stage) {
                look.style(w.getScene());
            }
        }
        if (languageChanged) {
            texts = Texts.forSetting(state.language());
            if (main != null) {
                String open = main.conversation().peer();
                MainView fresh = new MainView(texts, look, session.messenger(), background, notifier, this, config.openLink());
                main = fresh;
                bridge.show(fresh);
                root.getChildren().setAll(fresh, notifier.layer());
                background.run(() -> session.messenger().locator().call(dev.parley.protocol.Command.FRIENDS,
                        dev.parley.protocol.locator.LocatorMessages.EMPTY,
                        dev.parley.protocol.locator.LocatorMessages.FriendList.class), roster -> {
                    fresh.loggedIn(new Welcome(session.messenger().username(), null, roster));
                    if (open != null) {
                        fresh.open(open);
                    }
                }, e -> notifier.toast(new Errors(texts).words(e)));
            } else {
                showLogin();
            }
        }
    }

    private void input(Event e) {
        lastInput = System.nanoTime();
        if (idle) {
            idle = false;
            if (main != null) {
                main.idle(false);
            }
        }
    }

    private void checkIdle() {
        if (!idle && main != null && System.nanoTime() - lastInput > config.idleAfter().toNanos()) {
            idle = true;
            main.idle(true);
        }
    }

    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state.save(stage, main == null ? null : main.conversation().peer());
        Session s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        background.close();
        notifier.close();
        state.close();
        stage.close();
    }

    // ---- MainView.Host

    @Override
    public Window window() {
        return stage;
    }

    @Override
    public boolean focused() {
        return stage.isFocused();
    }

    @Override
    public void openSettings() {
        new SettingsDialog(texts, look, state, this, background).show(stage, session);
    }

    @Override
    public void conversationOpened(String peer) {
        state.conversation(peer);
    }

    @Override
    public void unreadChanged(int total) {
        if (main != null) {
            total = main.totalUnread();
        }
        stage.setTitle(total > 0 ? "(" + total + ") " + texts.get("app.title") : texts.get("app.title"));
    }

    // ---- for tests and the benchmark

    public Stage stage() {
        return stage;
    }

    /** True when this window runs the locator it is signed in to. */
    boolean hostsLocator() {
        return session != null && session.hosted().isPresent();
    }

    Profile profile() {
        return profile;
    }

    MainView main() {
        return main;
    }

    Notifier notifier() {
        return notifier;
    }

    public Messenger messenger() {
        return session == null ? null : session.messenger();
    }

    Parent root() {
        return root;
    }

    /** The window's content as an image (headless-safe). */
    public WritableImage snapshot() {
        return root.snapshot(null, null);
    }
}
