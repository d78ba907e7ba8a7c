package dev.parley.app.chat;

import java.util.Objects;

/**
 * One message of a 1:1 conversation.
 *
 * @param seq      local order of storage (0 until stored)
 * @param id       unique across all clients; the receiver acknowledges and deduplicates by it
 * @param peer     the friend this conversation is with
 * @param outgoing true if this profile wrote it
 * @param sentAt   the writer's clock, epoch ms
 */
public record ChatMessage(long seq, String id, String peer, boolean outgoing, String body, long sentAt, Delivery state) {

    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(state, "state");
    }

    public ChatMessage withSeq(long newSeq) {
        return new ChatMessage(newSeq, id, peer, outgoing, body, sentAt, state);
    }

    public ChatMessage withState(Delivery newState) {
        return new ChatMessage(seq, id, peer, outgoing, body, sentAt, newState);
    }
}
