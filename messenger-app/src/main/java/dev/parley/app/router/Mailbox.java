package dev.parley.app.router;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lane's bounded queue: a FIFO per priority, highest priority drained first. Consumers take
 * whole batches so a worker can commit or flush once per batch.
 */
final class Mailbox {

    enum Offer { ACCEPTED, ACCEPTED_KICK, DROPPED, REFUSED, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Envelope>[] queues = new ArrayDeque[Kind.PRIORITIES];
    private final int capacity;
    private final Overflow overflow;
    private final Lane lane;
    private volatile int size;
    private boolean closed;
    private boolean consumerWaiting;
    private int producersWaiting;
    /** Pump mode: a drain task is queued on the executor or running. */
    private boolean scheduled;
    private long droppedSinceResync;

    Mailbox(Lane lane, int capacity, Overflow overflow) {
        this.lane = lane;
        this.capacity = capacity;
        this.overflow = overflow;
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new ArrayDeque<>();
        }
    }

    /** Adds {@code e}; ACCEPTED_KICK means a pump-mode consumer must be scheduled. */
    Offer offer(Envelope e, long blockNanos) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (size >= capacity) {
                if (overflow == Overflow.DROP_AND_RESYNC) {
                    if (!e.kind().bulk()) {
                        droppedSinceResync++;
                    }
                    return Offer.DROPPED;
                }
                long left = blockNanos;
                producersWaiting++;
                try {
                    while (size >= capacity && !closed) {
                        if (left <= 0) {
                            return Offer.REFUSED;
                        }
                        left = notFull.awaitNanos(left);
                    }
                } finally {
                    producersWaiting--;
                }
                if (closed) {
                    return Offer.CLOSED;
                }
            }
            queues[e.kind().priority()].addLast(e);
            size++;
            if (consumerWaiting) {
                notEmpty.signal();
            }
            if (!scheduled) {
                scheduled = true;
                return Offer.ACCEPTED_KICK;
            }
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until something is queued (after spinning {@code spinNanos} first: waking a parked
     * thread costs more than a short spin). Returns false once closed.
     */
    boolean awaitWork(long spinNanos) throws InterruptedException {
        if (size == 0 && spinNanos > 0) {
            long until = System.nanoTime() + spinNanos;
            while (size == 0 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        lock.lock();
        try {
            while (size == 0 && !closed) {
                consumerWaiting = true;
                try {
                    notEmpty.await(1, TimeUnit.SECONDS);
                } finally {
                    consumerWaiting = false;
                }
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Moves up to {@code max} envelopes into {@code out} without waiting. Returns the number moved, or -1 once closed. */
    int drain(List<Envelope> out, int max) {
        lock.lock();
        try {
            if (closed) {
                return -1;
            }
            int n = 0;
            if (droppedSinceResync > 0) {
                out.add(new Envelope(null, lane, Kind.COMMAND, new Resync(droppedSinceResync), null, "resync"));
                droppedSinceResync = 0;
                n++;
            }
            int taken = 0;
            for (ArrayDeque<Envelope> q : queues) {
                while (n < max && !q.isEmpty()) {
                    out.add(q.pollFirst());
                    n++;
                    taken++;
                }
            }
            size -= taken;
            if (producersWaiting > 0) {
                notFull.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Pump mode: true if more is waiting (run again), else marks the pump idle. */
    boolean pumpAgain() {
        lock.lock();
        try {
            if (size > 0 && !closed) {
                return true;
            }
            scheduled = false;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the mailbox; returns how many envelopes were waiting and will never be handled. */
    int close() {
        lock.lock();
        try {
            closed = true;
            int left = size;
            for (ArrayDeque<Envelope> q : queues) {
                q.clear();
            }
            size = 0;
            notEmpty.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }
}
