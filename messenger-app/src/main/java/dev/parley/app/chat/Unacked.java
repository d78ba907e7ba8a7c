package dev.parley.app.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our messages handed to a friend's sender and not yet acknowledged. The link's reader finds an
 * acknowledgement here and shows "delivered" at once; recording it in the history follows on the
 * STORE lane. Waiting for that commit put a thread hop and a disk write on every round trip,
 * and a commit that met a busy disk held the tick back by tens of milliseconds. Showing it first
 * loses nothing: should the app stop before the commit, the message is sent again from the
 * outbox, and the friend, who has it already, acknowledges it again without showing it twice.
 *
 * <p>It also counts, per friend, the text still unacknowledged: the STORE lane writes to a
 * friend's link itself only while that is small (see {@link StoreWorker#INLINE_TEXT}).
 */
public final class Unacked {

    private record Key(String peer, String id) {
    }

    /** Each waiting message's length in chars. */
    private final Map<Key, Integer> waiting = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outstanding = new ConcurrentHashMap<>();

    /** Called before the message goes to the sender, so its acknowledgement always finds it here. */
    public void add(ChatMessage m) {
        int chars = m.body().length();
        if (waiting.putIfAbsent(new Key(m.peer(), m.id()), chars) == null) {
            outstanding.computeIfAbsent(m.peer(), p -> new AtomicLong()).addAndGet(chars);
        }
    }

    /**
     * Whether {@code peer} acknowledged a message we sent them and that this is the first time.
     * Keyed by friend too: one friend cannot acknowledge a message sent to another.
     */
    public boolean acknowledged(String peer, String id) {
        Integer chars = waiting.remove(new Key(peer, id));
        if (chars == null) {
            return false;
        }
        outstanding.get(peer).addAndGet(-chars);
        return true;
    }

    /** Chars of text handed to {@code peer}'s sender that they have not acknowledged yet. */
    public long outstanding(String peer) {
        AtomicLong n = outstanding.get(peer);
        return n == null ? 0 : n.get();
    }
}
