package dev.parley.app.chat;

/**
 * Where a message stands. SENDING: stored, waiting to go out (the outbox). SENT: written to the
 * friend's link (not stored: after a restart it is SENDING again until acknowledged).
 * DELIVERED: the friend acknowledged it stored. RECEIVED: a message from the friend.
 */
public enum Delivery {
    SENDING, SENT, DELIVERED, RECEIVED
}
