package dev.parley.app.chat;

import dev.parley.app.core.UiEvent;
import dev.parley.app.peer.SenderRequest;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.app.router.Worker;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The STORE lane: the only writer of the history. It logs a batch into the history's intake
 * before anything is shown, sent or acknowledged: a message is in the outbox before it goes out,
 * and a friend's message is stored before we acknowledge it. It is settled into the database
 * after that, so the commit is not on a message's way: a friend's once acknowledged, ours once
 * their ACK comes (with it), and only on the lane's own thread: run inline on another (the
 * user's, a link's reader), the lane posts itself a {@link StoreRequest.Settle} instead. An
 * ACK a reader hands over inline is the exception: it is shown already, and recording it is
 * that commit.
 */
public final class StoreWorker implements Worker {

    private final History history;
    private final Router router;
    private final Consumer<String> wantLink;
    private final Unacked unacked;
    private final List<ChatMessage> outgoing = new ArrayList<>();
    private final List<ChatMessage> incoming = new ArrayList<>();
    private final Map<String, List<String>> acked = new LinkedHashMap<>();
    /** Acknowledged ids the link's reader has shown delivered already. */
    private final Set<String> shown = new HashSet<>();
    private final Set<String> outboxFor = new LinkedHashSet<>();
    private boolean logged;
    private boolean settleNow;
    /**
     * Our text a friend may have outstanding, unacknowledged, for this lane to still write to
     * their link itself ({@link Router#sendInline}). A write blocks only once the socket
     * buffers between us are full, and this stays well below those.
     */
    static final long INLINE_TEXT = 16 * 1024;

    /**
     * @param wantLink told about a friend we have messages for but no link to
     * @param unacked  told of each message before it goes to a friend's sender
     */
    public StoreWorker(History history, Router router, Consumer<String> wantLink, Unacked unacked) {
        this.history = Objects.requireNonNull(history, "history");
        this.router = Objects.requireNonNull(router, "router");
        this.wantLink = Objects.requireNonNull(wantLink, "wantLink");
        this.unacked = Objects.requireNonNull(unacked, "unacked");
    }

    @Override
    public Lane lane() {
        return Lane.STORE;
    }

    @Override
    public void handle(Envelope e) {
        switch (e.data()) {
            case StoreRequest.Send s -> outgoing.add(s.message());
            case StoreRequest.Received r -> incoming.add(r.message());
            case StoreRequest.Acked a -> {
                acked.computeIfAbsent(a.peer(), p -> new ArrayList<>()).add(a.id());
                if (a.shown()) {
                    shown.add(a.id());
                }
            }
            case StoreRequest.LoadOutbox l -> outboxFor.add(l.peer());
            case StoreRequest.Settle s -> settleNow = true;
            default -> throw new IllegalArgumentException("the store lane cannot handle " + e);
        }
    }

    @Override
    public void endOfBatch() throws SQLException, IOException {
        try {
            try {
                storeIncoming();
                storeOutgoing();
            } finally {
                settleOrPost(); // what was logged before a failure is settled and shown all the same
            }
            for (Map.Entry<String, List<String>> a : acked.entrySet()) {
                List<String> changed = history.markDelivered(a.getKey(), a.getValue()).stream()
                        .filter(id -> !shown.contains(id)).toList();
                if (!changed.isEmpty()) {
                    toUi(new UiEvent.DeliveryChanged(a.getKey(), changed, Delivery.DELIVERED));
                }
            }
            for (String peer : outboxFor) {
                List<ChatMessage> waiting = history.outbox(peer);
                waiting.forEach(unacked::add);
                router.send(Envelope.of(Lane.STORE, Lane.sender(peer), Kind.TEXT, new SenderRequest.Outbox(waiting)));
            }
        } finally {
            outgoing.clear();
            incoming.clear();
            acked.clear();
            shown.clear();
            outboxFor.clear();
            logged = false;
            settleNow = false;
        }
    }

    private void settleOrPost() throws SQLException {
        if (settleNow || (logged && router.onLaneThread(Lane.STORE))) {
            for (ChatMessage m : history.settle()) {
                toUi(new UiEvent.MessageAdded(m));
            }
        } else if (logged) {
            router.send(Envelope.of(Lane.STORE, Lane.STORE, Kind.TEXT, new StoreRequest.Settle()));
        }
    }

    /** The ones that are new are shown once settled ({@link History#settle} tells which). */
    private void storeIncoming() throws IOException {
        if (incoming.isEmpty()) {
            return;
        }
        history.log(incoming);
        logged = true;
        // Acknowledge every one, new or a resend: the friend keeps resending until we do.
        Map<String, List<String>> acks = new LinkedHashMap<>();
        for (ChatMessage m : incoming) {
            acks.computeIfAbsent(m.peer(), p -> new ArrayList<>()).add(m.id());
        }
        acks.forEach((peer, ids) -> toSender(peer, Kind.COMMAND, new SenderRequest.Acks(ids)));
    }

    private void storeOutgoing() throws IOException {
        if (outgoing.isEmpty()) {
            return;
        }
        List<ChatMessage> stored = history.log(outgoing);
        Map<String, List<ChatMessage>> byPeer = new LinkedHashMap<>();
        for (ChatMessage m : stored) {
            toUi(new UiEvent.MessageAdded(m));
            unacked.add(m);
            byPeer.computeIfAbsent(m.peer(), p -> new ArrayList<>()).add(m);
        }
        // Those handed to a link are settled when their ACK comes, marked delivered in the same
        // commit (History#markDelivered); settling them now would run beside their round trip.
        // Any read settles them sooner, so the history never looks without them.
        byPeer.forEach((peer, messages) -> {
            if (!toSender(peer, Kind.TEXT, new SenderRequest.Texts(messages))) {
                logged = true;
                wantLink.accept(peer);
            }
        });
    }

    /**
     * Writes to the friend's link on this thread if their sender lane is idle and little of our
     * text to them is unacknowledged; else queues for the lane. Past that much, a write could
     * wait for them to read, and this thread (the store lane's, or a link's reader running it)
     * must not: it would hold up everyone else's messages, and two readers waiting on each
     * other's writes would never read again.
     */
    private boolean toSender(String peer, Kind kind, SenderRequest request) {
        Envelope e = Envelope.of(Lane.STORE, Lane.sender(peer), kind, request);
        return unacked.outstanding(peer) <= INLINE_TEXT ? router.sendInline(e) : router.send(e);
    }

    private void toUi(UiEvent event) {
        router.send(Envelope.of(Lane.STORE, Lane.UI, Kind.TEXT, event));
    }
}
