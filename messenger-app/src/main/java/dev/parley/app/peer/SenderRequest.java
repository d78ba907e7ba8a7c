package dev.parley.app.peer;

import dev.parley.app.chat.ChatMessage;
import java.util.List;

/** What a friend's SENDER lane is asked to write to their link. */
public sealed interface SenderRequest {

    /** New messages, oldest first: one request per batch of the STORE lane, so one flush. */
    record Texts(List<ChatMessage> messages) implements SenderRequest {
    }

    /** The outbox, when the link comes up. */
    record Outbox(List<ChatMessage> messages) implements SenderRequest {
    }

    /** Acknowledgements of the friend's messages, stored now. */
    record Acks(List<String> ids) implements SenderRequest {
    }

    record Ping() implements SenderRequest {
    }

    record Pong() implements SenderRequest {
    }

    /** A control frame (file offers and their states) from another lane. */
    record Control(dev.parley.protocol.Frame frame) implements SenderRequest {
    }
}
