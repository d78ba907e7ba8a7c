package dev.parley.app.core;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Frame;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.util.List;

/** What the UI lane hears; {@link UiWorker} turns each into a {@link MessengerListener} call. */
public sealed interface UiEvent {

    /** A message was stored: one the user wrote (SENDING) or one from a friend (RECEIVED). */
    record MessageAdded(ChatMessage message) implements UiEvent {
    }

    /** Outgoing messages moved on to SENT or DELIVERED. */
    record DeliveryChanged(String peer, List<String> ids, Delivery state) implements UiEvent {
    }

    record LinkChanged(String peer, boolean up, String reason) implements UiEvent {
    }

    record LoggedIn(Welcome welcome, boolean resumed) implements UiEvent {
    }

    record LocatorState(LocatorClient.State state, String reason) implements UiEvent {
    }

    /** A push from the locator (presence, friend requests, session replaced…). */
    record LocatorPush(Frame frame) implements UiEvent {
    }

    /** Something went wrong that the user should read about. */
    record Problem(String text) implements UiEvent {
    }

    /** A transfer was offered, or its state changed (either side). */
    record TransferChanged(dev.parley.app.transfer.Transfer transfer) implements UiEvent {
    }

    /** How far a running transfer is (a few times a second; may be dropped under load). */
    record TransferProgress(dev.parley.app.transfer.Progress progress) implements UiEvent {
    }

    /** A call rang, was answered, or ended (either side). */
    record CallChanged(dev.parley.app.call.Call call) implements UiEvent {
    }

    /** A running call's numbers, once a second. */
    record CallStatsChanged(dev.parley.app.call.Call call, dev.parley.media.call.CallStats stats) implements UiEvent {
    }
}
