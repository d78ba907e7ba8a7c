package dev.parley.app.ui;

import dev.parley.protocol.locator.LocatorMessages.Presence;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** A friend as the contact list shows them; changed only on the JavaFX thread. */
public final class Contact {

    private final String username;
    private final ObjectProperty<Presence> presence = new SimpleObjectProperty<>(Presence.OFFLINE);
    private final StringProperty preview = new SimpleStringProperty("");
    private final LongProperty lastAt = new SimpleLongProperty(0);
    private final IntegerProperty unread = new SimpleIntegerProperty(0);

    public Contact(String username, Presence presence) {
        this.username = username;
        this.presence.set(presence);
    }

    public String username() {
        return username;
    }

    public ObjectProperty<Presence> presence() {
        return presence;
    }

    public StringProperty preview() {
        return preview;
    }

    public LongProperty lastAt() {
        return lastAt;
    }

    public IntegerProperty unread() {
        return unread;
    }

    /** What the sorted list re-sorts on and the cells redraw on. */
    Observable[] observables() {
        return new Observable[] {presence, preview, lastAt, unread};
    }

    @Override
    public String toString() {
        return username;
    }
}
