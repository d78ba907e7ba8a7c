package dev.parley.app.core;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Frame;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.util.List;

/** The UI side of the client core; every call arrives on the UI lane (the UI thread in the app). */
public interface MessengerListener {

    default void messageAdded(ChatMessage message) {
    }

    default void deliveryChanged(String peer, List<String> ids, Delivery state) {
    }

    default void linkChanged(String peer, boolean up, String reason) {
    }

    default void loggedIn(Welcome welcome, boolean resumed) {
    }

    default void locatorState(LocatorClient.State state, String reason) {
    }

    default void locatorPush(Frame frame) {
    }

    default void problem(String text) {
    }

    /** A file was offered to us, or a transfer (either way) changed state. */
    default void transferChanged(dev.parley.app.transfer.Transfer transfer) {
    }

    default void transferProgress(dev.parley.app.transfer.Progress progress) {
    }

    /** A call rang (either way), was answered, or ended; {@code call.reason()} says why it ended. */
    default void callChanged(dev.parley.app.call.Call call) {
    }

    /** A running call's quality over the last second. */
    default void callStats(dev.parley.app.call.Call call, dev.parley.media.call.CallStats stats) {
    }

    /** The UI lane overflowed and dropped {@code dropped} events: reload what is shown from the history. */
    default void resync(long dropped) {
    }
}
