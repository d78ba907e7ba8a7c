package dev.parley.app.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our messages handed to a friend's sender and not yet acknowledged. The link's reader finds an
 * acknowledgement here and shows "delivered" at once; recording it in the history follows on the
 * STORE lane. Waiting for that commit put a thread hop and a disk write on every round trip,
 * and a commit that met a busy disk held the tick back by tens of milliseconds. Showing it first
 * loses nothing: should the app stop before the commit, the message is sent again from the
 * outbox, and the friend, who has it already, acknowledges it again without showing it twice.
 */
public final class Unacked {

    private record Key(String peer, String id) {
    }

    private final Set<Key> waiting = ConcurrentHashMap.newKeySet();

    /** Called before the message goes to the sender, so its acknowledgement always finds it here. */
    public void add(String peer, String id) {
        waiting.add(new Key(peer, id));
    }

    /**
     * Whether {@code peer} acknowledged a message we sent them and that this is the first time.
     * Keyed by friend too: one friend cannot acknowledge a message sent to another.
     */
    public boolean acknowledged(String peer, String id) {
        return waiting.remove(new Key(peer, id));
    }
}
