package dev.parley.app.chat;

/** What the STORE lane is asked to do. */
public sealed interface StoreRequest {

    /** The user wrote a message: store it in the outbox, then hand it to the friend's sender. */
    record Send(ChatMessage message) implements StoreRequest {
    }

    /** A friend's message arrived on their link: store it (once), then acknowledge it. */
    record Received(ChatMessage message) implements StoreRequest {
    }

    /**
     * The friend acknowledged storing our message.
     *
     * @param shown whether the link's reader has shown it delivered already (see {@link Unacked})
     */
    record Acked(String peer, String id, boolean shown) implements StoreRequest {
    }

    /** A link to {@code peer} came up: hand its sender everything still in the outbox. */
    record LoadOutbox(String peer) implements StoreRequest {
    }

    /**
     * Copy what was logged into the database. The lane posts this to itself, so the commit runs
     * on its own thread, never on one that ran the lane inline (the user's, a link's reader).
     */
    record Settle() implements StoreRequest {
    }
}
