package dev.parley.app.chat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;

/**
 * The messages {@link History} holds but has not copied into its database yet: the intake file,
 * the queue in seq order, the seq counter, and which friends' messages turned out new. Its lock
 * is never held for a database write, so logging a message never waits for one.
 */
final class Pending implements AutoCloseable {

    /** A message waiting; {@code announce}: a friend's, logged, to be reported once it turns out new. */
    record Entry(ChatMessage message, boolean announce) {
    }

    private final IntakeLog file;
    private final long clearBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Copied into the database in this order, so no message becomes visible before an older one. */
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final List<ChatMessage> arrived = new ArrayList<>();
    /** Ids of our waiting messages that the friend has acknowledged: settled as delivered. */
    private final Set<String> delivered = new HashSet<>();
    private long nextSeq;

    /**
     * @param nextSeq    the seq the next message gets
     * @param clearBytes the file is emptied once nothing is waiting and it holds this much
     */
    Pending(IntakeLog file, long nextSeq, long clearBytes) {
        this.file = file;
        this.nextSeq = nextSeq;
        this.clearBytes = clearBytes;
    }

    /** Numbers the messages and appends them to the file in one write: stored once this returns. */
    List<ChatMessage> log(Collection<ChatMessage> messages) throws IOException {
        lock.lock();
        try {
            List<ChatMessage> numbered = number(messages);
            file.append(numbered);
            for (ChatMessage m : numbered) {
                queue.add(new Entry(m, !m.outgoing()));
            }
            return numbered;
        } finally {
            lock.unlock();
        }
    }

    /** Numbers and queues without the file, for a caller that commits them before it returns. */
    List<ChatMessage> queue(Collection<ChatMessage> messages) {
        lock.lock();
        try {
            List<ChatMessage> numbered = number(messages);
            for (ChatMessage m : numbered) {
                queue.add(new Entry(m, false));
            }
            return numbered;
        } finally {
            lock.unlock();
        }
    }

    /** A resend's seq goes unused. */
    private List<ChatMessage> number(Collection<ChatMessage> messages) {
        List<ChatMessage> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            out.add(m.withSeq(nextSeq++));
        }
        return out;
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Everything waiting, oldest first. */
    List<Entry> waiting() {
        return waiting(Integer.MAX_VALUE);
    }

    /** The oldest {@code max} waiting (all if fewer), those acknowledged meanwhile marked delivered. */
    List<Entry> waiting(int max) {
        lock.lock();
        try {
            List<Entry> out = new ArrayList<>(Math.min(max, queue.size()));
            for (Entry e : queue) {
                if (out.size() == max) {
                    break;
                }
                out.add(delivered.contains(e.message().id()) ? new Entry(e.message().withState(Delivery.DELIVERED), e.announce()) : e);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Which of our messages to a friend acknowledged here were still waiting (they will be
     * settled as delivered), and how many waiting entries reach the last of them.
     */
    record Delivered(Set<String> ids, int through) {
    }

    /** Marks waiting messages of ours to {@code peer} with these ids delivered (see {@link Delivered}). */
    Delivered deliver(String peer, Collection<String> ids) {
        lock.lock();
        try {
            Set<String> wanted = new HashSet<>(ids);
            Set<String> marked = new HashSet<>();
            int through = 0;
            int at = 0;
            for (Entry e : queue) {
                if (wanted.isEmpty()) {
                    break; // acknowledgements come oldest first: usually only the head is walked
                }
                at++;
                ChatMessage m = e.message();
                if (m.outgoing() && m.peer().equals(peer) && wanted.remove(m.id()) && delivered.add(m.id())) {
                    marked.add(m.id());
                    through = at;
                }
            }
            return new Delivered(marked, through);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The first {@code count} entries of {@link #waiting} are in the database, {@code fresh}
     * among them new there. Once nothing waits and the file is large, it is emptied.
     */
    void stored(int count, List<Entry> fresh) {
        lock.lock();
        try {
            for (int i = 0; i < count; i++) {
                delivered.remove(queue.removeFirst().message().id());
            }
            for (Entry e : fresh) {
                if (e.announce()) {
                    arrived.add(e.message());
                }
            }
            if (queue.isEmpty() && file.size() >= clearBytes) {
                try {
                    file.clear();
                } catch (IOException e) {
                    // It grows instead; what it holds is skipped as already stored when next opened.
                    LoggerFactory.getLogger(Pending.class).warn("cannot empty the history intake: {}", e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes back queued messages whose caller was told they were not stored. */
    void drop(Set<ChatMessage> messages) {
        lock.lock();
        try {
            queue.removeIf(e -> messages.contains(e.message()));
        } finally {
            lock.unlock();
        }
    }

    /** Friends' messages found new since the last call. */
    List<ChatMessage> takeArrived() {
        lock.lock();
        try {
            List<ChatMessage> out = List.copyOf(arrived);
            arrived.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the file, emptied first if nothing waits (the database must be closed, so synced, by then). */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                file.clear();
            }
            file.close();
        } finally {
            lock.unlock();
        }
    }
}
