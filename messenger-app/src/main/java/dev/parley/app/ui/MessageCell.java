package dev.parley.app.ui;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** One message: a bubble (own on the right, the friend's on the left), time and delivery state, and a day separator above the first message of a day. */
final class MessageCell extends ListCell<ChatMessage> {

    private static final Pattern LINK = Pattern.compile("\\bhttps?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]]");
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    private final Texts texts;
    private final BooleanSupplier peerOffline;
    private final Consumer<String> openLink;
    private final Label day = new Label();
    private final TextFlow flow = new TextFlow();
    private final StackPane bubble = new StackPane(flow);
    private final Label meta = new Label();
    private final VBox column = new VBox(3, bubble, meta);
    private final HBox row = new HBox(column);
    private final VBox root = new VBox(2, day, row);

    MessageCell(Texts texts, BooleanSupplier peerOffline, Consumer<String> openLink) {
        this.texts = texts;
        this.peerOffline = peerOffline;
        this.openLink = openLink;
        day.getStyleClass().add("day-separator");
        day.setMaxWidth(Double.MAX_VALUE);
        day.setAlignment(Pos.CENTER);
        bubble.getStyleClass().add("bubble");
        meta.getStyleClass().add("message-meta");
        setPrefWidth(0);
        listViewProperty().addListener((o, was, now) -> {
            if (now != null) {
                flow.maxWidthProperty().bind(now.widthProperty().multiply(0.62));
            }
        });
    }

    @Override
    protected void updateItem(ChatMessage m, boolean empty) {
        super.updateItem(m, empty);
        if (empty || m == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        LocalDate date = localDate(m.sentAt());
        int i = getIndex();
        boolean firstOfDay = i <= 0 || i > getListView().getItems().size() - 1
                || !localDate(getListView().getItems().get(i - 1).sentAt()).equals(date);
        day.setText(firstOfDay ? dayLabel(date) : "");
        day.setVisible(firstOfDay);
        day.setManaged(firstOfDay);

        flow.getChildren().setAll(pieces(m.body()));
        bubble.getStyleClass().removeAll("bubble-own", "bubble-peer");
        bubble.getStyleClass().add(m.outgoing() ? "bubble-own" : "bubble-peer");
        bubble.setMaxWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        String time = HOURS.format(Instant.ofEpochMilli(m.sentAt()).atZone(ZoneId.systemDefault()));
        meta.setText(m.outgoing() ? time + " · " + state(m.state()) : time);
        column.setAlignment(m.outgoing() ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        row.setAlignment(m.outgoing() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        setId("message-" + m.id());
        setGraphic(root);
        setText(null);
    }

    private String state(Delivery d) {
        return switch (d) {
            case SENDING -> peerOffline.getAsBoolean() ? texts.get("chat.state.waiting") : texts.get("chat.state.sending");
            case SENT -> texts.get("chat.state.sent");
            case DELIVERED -> texts.get("chat.state.delivered");
            case RECEIVED -> "";
        };
    }

    /** Text with its links made clickable. */
    private Node[] pieces(String body) {
        java.util.List<Node> out = new java.util.ArrayList<>();
        Matcher mm = LINK.matcher(body);
        int at = 0;
        while (mm.find()) {
            if (mm.start() > at) {
                out.add(text(body.substring(at, mm.start())));
            }
            String url = mm.group();
            Text link = text(url);
            link.getStyleClass().add("hyperlink-text");
            link.setCursor(javafx.scene.Cursor.HAND);
            link.setOnMouseClicked(e -> openLink.accept(url));
            out.add(link);
            at = mm.end();
        }
        if (at < body.length()) {
            out.add(text(body.substring(at)));
        }
        return out.toArray(Node[]::new);
    }

    private static Text text(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("text");
        return t;
    }

    private String dayLabel(LocalDate date) {
        LocalDate today = LocalDate.now();
        if (date.equals(today)) {
            return texts.get("chat.today");
        }
        if (date.equals(today.minusDays(1))) {
            return texts.get("chat.yesterday");
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(texts.locale()).format(date);
    }

    private static LocalDate localDate(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()).toLocalDate();
    }
}
