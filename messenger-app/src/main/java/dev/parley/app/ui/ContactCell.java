package dev.parley.app.ui;

import dev.parley.protocol.locator.LocatorMessages.Presence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

/** One row of the contact list: avatar with presence dot, name, last message, time, unread badge. */
final class ContactCell extends ListCell<Contact> {

    private final Label name = new Label();
    private final Label preview = new Label();
    private final Label time = new Label();
    private final Label badgeText = new Label();
    private final StackPane badge = new StackPane(badgeText);
    private final Circle dot = new Circle(5.5);
    private final StackPane avatarBox = new StackPane();
    private final HBox row;
    private String avatarOf;

    ContactCell() {
        name.getStyleClass().add("contact-name");
        preview.getStyleClass().add("contact-preview");
        time.getStyleClass().add("contact-time");
        badge.getStyleClass().add("badge");
        badgeText.getStyleClass().add("badge-text");
        dot.getStyleClass().add("presence-dot");
        StackPane.setAlignment(dot, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(dot, new Insets(0, -3, -3, 0));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(6, name, grow, time);
        top.setAlignment(Pos.CENTER_LEFT);
        Region grow2 = new Region();
        HBox.setHgrow(grow2, Priority.ALWAYS);
        HBox bottom = new HBox(6, preview, grow2, badge);
        bottom.setAlignment(Pos.CENTER_LEFT);
        preview.setMaxWidth(170);
        VBox text = new VBox(3, top, bottom);
        HBox.setHgrow(text, Priority.ALWAYS);
        row = new HBox(10, avatarBox, text);
        row.setAlignment(Pos.CENTER_LEFT);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(Contact c, boolean empty) {
        super.updateItem(c, empty);
        if (empty || c == null) {
            setGraphic(null);
            setText(null);
            setId(null);
            return;
        }
        setId("contact-" + c.username());
        if (!c.username().equals(avatarOf)) {
            // redrawn only for another person: presence and previews change far more often
            avatarOf = c.username();
            avatarBox.getChildren().setAll(Look.avatar(c.username(), 40), dot);
        }
        name.setText(c.username());
        preview.setText(c.preview().get().replace('\n', ' '));
        time.setText(c.lastAt().get() == 0 ? "" : when(c.lastAt().get()));
        int n = c.unread().get();
        badgeText.setText(n > 99 ? "99+" : Integer.toString(n));
        badge.setVisible(n > 0);
        badge.setManaged(n > 0);
        dot.getStyleClass().removeAll("presence-online", "presence-away", "presence-offline");
        dot.getStyleClass().add(switch (c.presence().get()) {
            case ONLINE -> "presence-online";
            case AWAY -> "presence-away";
            case OFFLINE -> "presence-offline";
        });
        dot.setUserData(c.presence().get() == null ? Presence.OFFLINE : c.presence().get());
        setGraphic(row);
        setText(null);
    }

    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("HH:mm");

    static String when(long millis) {
        var at = Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault());
        if (at.toLocalDate().equals(LocalDate.now())) {
            return HOURS.format(at);
        }
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).format(at);
    }
}
