package dev.parley.app.core;

import dev.parley.app.router.Envelope;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Resync;
import dev.parley.app.router.Worker;
import java.util.Objects;

/** The UI lane: hands each event to the listener, on whatever thread the router's UI executor is. */
public final class UiWorker implements Worker {

    private final MessengerListener listener;

    public UiWorker(MessengerListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Lane lane() {
        return Lane.UI;
    }

    @Override
    public void handle(Envelope e) {
        switch (e.data()) {
            case UiEvent.MessageAdded m -> listener.messageAdded(m.message());
            case UiEvent.DeliveryChanged d -> listener.deliveryChanged(d.peer(), d.ids(), d.state());
            case UiEvent.LinkChanged l -> listener.linkChanged(l.peer(), l.up(), l.reason());
            case UiEvent.LoggedIn l -> listener.loggedIn(l.welcome(), l.resumed());
            case UiEvent.LocatorState s -> listener.locatorState(s.state(), s.reason());
            case UiEvent.LocatorPush p -> listener.locatorPush(p.frame());
            case UiEvent.Problem p -> listener.problem(p.text());
            case UiEvent.TransferChanged t -> listener.transferChanged(t.transfer());
            case UiEvent.TransferProgress t -> listener.transferProgress(t.progress());
            case UiEvent.CallChanged c -> listener.callChanged(c.call());
            case UiEvent.CallStatsChanged c -> listener.callStats(c.call(), c.stats());
            case Resync r -> listener.resync(r.dropped());
            default -> throw new IllegalArgumentException("the UI lane cannot handle " + e);
        }
    }
}
