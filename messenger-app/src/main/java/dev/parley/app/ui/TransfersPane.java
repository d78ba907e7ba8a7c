package dev.parley.app.ui;

import dev.parley.app.core.Messenger;
import dev.parley.app.transfer.Progress;
import dev.parley.app.transfer.Space;
import dev.parley.app.transfer.Transfer;
import dev.parley.app.transfer.TransferState;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The files of the open conversation, oldest first above the composer: offers with Accept / Save
 * as… / Decline, running transfers with a progress bar, speed and time left, and finished ones
 * with Open and Show in folder (pictures as a thumbnail). Every action runs on a background thread.
 */
final class TransfersPane extends ScrollPane {

    private final Texts texts;
    private final Messenger messenger;
    private final Background background;
    private final Look look;
    private final Consumer<String> open;
    private final Consumer<String> failed;
    private final VBox cards = new VBox(6);
    private final Map<String, Card> byId = new LinkedHashMap<>();
    private String peer;
    private long generation;

    TransfersPane(Texts texts, Messenger messenger, Background background, Look look, Consumer<String> open,
                  Consumer<String> failed) {
        this.texts = texts;
        this.messenger = messenger;
        this.background = background;
        this.look = look;
        this.open = open;
        this.failed = failed;
        setId("transfers");
        getStyleClass().add("transfers");
        setContent(cards);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMaxHeight(230);
        cards.getStyleClass().add("transfer-cards");
        showOrHide();
    }

    /** Shows {@code friend}'s transfers (loaded in the background). */
    void show(String friend) {
        peer = friend;
        generation++;
        byId.clear();
        cards.getChildren().clear();
        showOrHide();
        if (friend == null) {
            return;
        }
        long gen = generation;
        background.run(() -> messenger.transfers(friend), list -> {
            if (gen == generation) {
                list.forEach(this::changed);
                setVvalue(1);
            }
        }, e -> failed.accept(e.getMessage()));
    }

    void changed(Transfer t) {
        if (peer == null || !peer.equals(t.peer())) {
            return;
        }
        Card c = byId.get(t.id());
        if (c == null) {
            c = new Card();
            byId.put(t.id(), c);
            cards.getChildren().add(c);
            setVvalue(1);
        }
        c.show(t);
        showOrHide();
    }

    void progress(Progress p) {
        Card c = byId.get(p.id());
        if (c != null) {
            c.progress(p);
        }
    }

    int count() {
        return byId.size();
    }

    private void showOrHide() {
        boolean any = !cards.getChildren().isEmpty();
        setVisible(any);
        setManaged(any);
    }

    /** Runs a Messenger call off the JavaFX thread; a refusal is shown on the card. */
    private void act(Card card, Callable<?> call) {
        background.run(call, r -> { }, e -> card.error(e.getMessage()));
    }

    /** One transfer. */
    private final class Card extends HBox {
        private final Label name = new Label();
        private final Label status = new Label();
        private final ProgressBar bar = new ProgressBar(0);
        private final HBox buttons = new HBox(6);
        private final VBox middle = new VBox(3, name, bar, status);
        private Transfer transfer;
        private TransferState shownState;

        Card() {
            getStyleClass().add("transfer-card");
            setSpacing(10);
            setAlignment(Pos.CENTER_LEFT);
            name.getStyleClass().add("transfer-name");
            status.getStyleClass().add("muted");
            status.setWrapText(true);
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(middle, Priority.ALWAYS);
            buttons.setAlignment(Pos.CENTER_RIGHT);
            buttons.setMinWidth(Region.USE_PREF_SIZE);
            getChildren().setAll(look.icon("file", 28), middle, buttons);
        }

        void show(Transfer t) {
            this.transfer = t;
            setId("transfer-" + t.id());
            name.setText((t.outgoing() ? "→ " : "← ") + t.name() + "  ·  " + Space.human(t.size()));
            boolean moving = t.state() == TransferState.ACTIVE || t.state() == TransferState.PREPARING
                    || t.state() == TransferState.PAUSED;
            bar.setVisible(moving);
            bar.setManaged(moving);
            if (t.size() > 0 && t.done() > 0) {
                bar.setProgress((double) t.done() / t.size());
            } else if (t.state() == TransferState.PREPARING) {
                bar.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
            }
            getStyleClass().removeIf(s -> s.startsWith("transfer-state-"));
            getStyleClass().add("transfer-state-" + t.state().name().toLowerCase(Locale.ROOT));
            status.setText(statusText(t));
            status.setTooltip(t.path() == null ? null : new javafx.scene.control.Tooltip(t.path().toString()));
            if (shownState != t.state()) {
                shownState = t.state();
                buttons.getChildren().setAll(buttonsFor(t));
                thumbnail(t);
            }
        }

        private String statusText(Transfer t) {
            String base = switch (t.state()) {
                case OFFERED -> t.outgoing() ? texts.get("file.offered", t.peer()) : t.peer() + " " + texts.get("file.offer", t.name());
                case DONE -> texts.get("file.state.done");
                default -> texts.get("file.state." + t.state().name().toLowerCase(Locale.ROOT));
            };
            return t.error() == null ? base : base + ": " + t.error();
        }

        void progress(Progress p) {
            if (transfer == null || transfer.state().finished()) {
                return;
            }
            bar.setVisible(true);
            bar.setManaged(true);
            bar.setProgress(p.preparing() && p.done() == 0 ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
            long left = p.secondsLeft();
            String head = p.preparing() ? texts.get("file.state.preparing") + " " : "";
            status.setText(head + (left < 0
                    ? texts.get("file.speed.unknown", Space.human(p.done()), Space.human(p.size()))
                    : texts.get("file.speed", Space.human(p.done()), Space.human(p.size()),
                    Space.human((long) p.bytesPerSecond()), duration(left))));
        }

        void error(String text) {
            status.setText(text);
            status.getStyleClass().add("error-text");
        }

        private List<Node> buttonsFor(Transfer t) {
            String id = t.id();
            return switch (t.state()) {
                case OFFERED -> t.outgoing()
                        ? List.of(button("file.cancel", "cancel", () -> act(this, () -> run(() -> messenger.cancelFile(id)))))
                        : List.of(primary(button("file.accept", "accept", () -> act(this, () -> messenger.acceptFile(id, null)))),
                        button("file.saveas", "saveas", () -> saveAs(t)),
                        button("file.decline", "decline", () -> act(this, () -> run(() -> messenger.declineFile(id)))));
                case PREPARING -> List.of(button("file.cancel", "cancel", () -> act(this, () -> run(() -> messenger.cancelFile(id)))));
                case ACTIVE -> List.of(button("file.pause", "pause", () -> act(this, () -> run(() -> messenger.pauseFile(id)))),
                        button("file.cancel", "cancel", () -> act(this, () -> run(() -> messenger.cancelFile(id)))));
                case PAUSED, FAILED -> List.of(primary(button(t.state() == TransferState.FAILED ? "file.retry" : "file.resume", "resume",
                                () -> act(this, () -> run(() -> messenger.resumeFile(id))))),
                        button("file.cancel", "cancel", () -> act(this, () -> run(() -> messenger.cancelFile(id)))));
                case DONE -> t.path() == null ? List.of() : List.of(
                        button("file.open", "open", () -> open.accept(t.path().toUri().toString())),
                        button("file.folder", "folder", () -> open.accept(t.path().getParent().toUri().toString())));
                default -> List.of();
            };
        }

        private void thumbnail(Transfer t) {
            Node pic = look.icon("file", 28);
            if (t.state() == TransferState.DONE && t.image() && t.path() != null && t.path().toFile().isFile()) {
                // Decoded in the background by JavaFX, scaled down as it loads.
                ImageView v = new ImageView(new Image(t.path().toUri().toString(), 56, 56, true, true, true));
                v.getStyleClass().add("thumbnail");
                v.setId("thumbnail-" + t.id());
                pic = v;
            }
            getChildren().set(0, pic);
        }

        private void saveAs(Transfer t) {
            FileChooser fc = new FileChooser();
            fc.setTitle(texts.get("file.saveas.title", t.name()));
            fc.setInitialFileName(t.name());
            File dir = messenger.downloads().toFile();
            if (dir.isDirectory()) {
                fc.setInitialDirectory(dir);
            }
            File f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                Path target = f.toPath();
                act(this, () -> messenger.acceptFileAs(t.id(), target));
            }
        }

        private Button button(String key, String idPart, Runnable action) {
            Button b = new Button(texts.get(key));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setId("transfer-" + idPart + "-" + transfer.id());
            b.setOnAction(e -> action.run());
            return b;
        }
    }

    private static Button primary(Button b) {
        b.getStyleClass().add("primary");
        return b;
    }

    /** A Messenger call that returns nothing, as a Callable. */
    private interface Call {
        void run() throws Exception;
    }

    private static Object run(Call c) throws Exception {
        c.run();
        return Boolean.TRUE;
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min " + (seconds % 60) + " s";
        }
        return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
    }
}
