package dev.parley.app.ui;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.core.MessengerListener;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Frame;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.util.List;
import java.util.function.Consumer;

/**
 * The client core's listener for the window: called on the JavaFX thread (the UI lane runs on
 * {@code Platform::runLater}); forwards to whichever main view is showing.
 */
final class UiBridge implements MessengerListener {

    private MainView view;
    private final Consumer<Welcome> onLoggedIn;
    private final Runnable onSessionEnded;

    UiBridge(Consumer<Welcome> onLoggedIn, Runnable onSessionEnded) {
        this.onLoggedIn = onLoggedIn;
        this.onSessionEnded = onSessionEnded;
    }

    void show(MainView v) {
        this.view = v;
    }

    @Override
    public void messageAdded(ChatMessage message) {
        if (view != null) {
            view.messageAdded(message);
        }
    }

    @Override
    public void deliveryChanged(String peer, List<String> ids, Delivery state) {
        if (view != null) {
            view.deliveryChanged(peer, ids, state);
        }
    }

    @Override
    public void loggedIn(Welcome welcome, boolean resumed) {
        onLoggedIn.accept(welcome);
        if (view != null) {
            view.loggedIn(welcome);
        }
    }

    @Override
    public void locatorState(LocatorClient.State state, String reason) {
        if (view != null) {
            view.locatorState(state);
        }
    }

    @Override
    public void locatorPush(Frame frame) {
        if (frame.command() == dev.parley.protocol.Command.SESSION_REPLACED) {
            onSessionEnded.run();
            return;
        }
        if (view != null) {
            view.locatorPush(frame);
        }
    }

    @Override
    public void problem(String text) {
        if (view != null) {
            view.problem(text);
        }
    }

    @Override
    public void transferChanged(dev.parley.app.transfer.Transfer t) {
        if (view != null) {
            view.transferChanged(t);
        }
    }

    @Override
    public void transferProgress(dev.parley.app.transfer.Progress p) {
        if (view != null) {
            view.transferProgress(p);
        }
    }

    @Override
    public void callChanged(dev.parley.app.call.Call c) {
        if (view != null) {
            view.callChanged(c);
        }
    }

    @Override
    public void callStats(dev.parley.app.call.Call c, dev.parley.media.call.CallStats s) {
        if (view != null) {
            view.callStats(c, s);
        }
    }

    @Override
    public void resync(long dropped) {
        if (view != null) {
            view.resync();
        }
    }
}
