package dev.parley.app.peer;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.core.UiEvent;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.app.router.Worker;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.Header;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A friend's SENDER lane: the only regular writer of their link. Frames are buffered and flushed
 * once per batch. New messages wait until the outbox has gone out, so the friend gets everything
 * in the order it was written, and a message that is both new and in the outbox goes out once.
 */
public final class SenderWorker implements Worker {

    private static final Frame PING = Frame.of(bare(FrameType.PING));
    private static final Frame PONG = Frame.of(bare(FrameType.PONG));

    private final PeerLink link;
    private final Router router;
    private final String me;
    private final Lane lane;
    private final List<ChatMessage> heldForOutbox = new ArrayList<>();
    private final List<String> sentThisBatch = new ArrayList<>();
    private boolean outboxDone;
    private boolean dirty;

    public SenderWorker(PeerLink link, String me, Router router) {
        this.link = Objects.requireNonNull(link, "link");
        this.me = Objects.requireNonNull(me, "me");
        this.router = Objects.requireNonNull(router, "router");
        this.lane = Lane.sender(link.peer());
    }

    @Override
    public Lane lane() {
        return lane;
    }

    @Override
    public void handle(Envelope e) {
        if (!link.open()) {
            return;
        }
        try {
            switch (e.data()) {
                case SenderRequest.Texts t -> {
                    for (ChatMessage m : t.messages()) {
                        if (outboxDone) {
                            text(m);
                        } else {
                            heldForOutbox.add(m);
                        }
                    }
                }
                case SenderRequest.Outbox o -> {
                    Set<String> inOutbox = new HashSet<>();
                    for (ChatMessage m : o.messages()) {
                        inOutbox.add(m.id());
                        text(m);
                    }
                    for (ChatMessage m : heldForOutbox) {
                        if (!inOutbox.contains(m.id())) {
                            text(m);
                        }
                    }
                    outboxDone = true;
                    heldForOutbox.clear();
                }
                case SenderRequest.Acks a -> {
                    for (String id : a.ids()) {
                        write(Frame.of(new Header(FrameType.ACK, null, null, id, me, link.peer(), null, 0, null, null, null, null)));
                    }
                }
                case SenderRequest.Ping p -> write(PING);
                case SenderRequest.Pong p -> write(PONG);
                case SenderRequest.Control c -> write(c.frame());
                default -> throw new IllegalArgumentException("a sender lane cannot handle " + e);
            }
        } catch (IOException io) {
            link.close("cannot write to " + link.peer() + ": " + io.getMessage());
        }
    }

    private void text(ChatMessage m) throws IOException {
        byte[] body = m.body().getBytes(StandardCharsets.UTF_8);
        write(new Frame(new Header(FrameType.TEXT, null, m.id(), null, me, link.peer(), m.sentAt(), body.length,
                null, null, null, "UTF-8"), body));
        sentThisBatch.add(m.id());
    }

    private void write(Frame f) throws IOException {
        link.write(f);
        dirty = true;
    }

    @Override
    public void endOfBatch() {
        if (dirty && link.open()) {
            try {
                link.flush();
            } catch (IOException io) {
                link.close("cannot write to " + link.peer() + ": " + io.getMessage());
                sentThisBatch.clear();
            }
        }
        dirty = false;
        if (!sentThisBatch.isEmpty()) {
            router.send(Envelope.of(lane, Lane.UI, Kind.TEXT,
                    new UiEvent.DeliveryChanged(link.peer(), List.copyOf(sentThisBatch), Delivery.SENT)));
            sentThisBatch.clear();
        }
    }

    private static Header bare(FrameType type) {
        return new Header(type, null, null, null, null, null, null, 0, null, null, null, null);
    }
}
