package dev.parley.app.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.locator.LocatorClient;
import dev.parley.protocol.Frame;
import dev.parley.protocol.locator.LocatorMessages.Welcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A MessengerListener that remembers everything, for tests to wait on. */
final class Recorder implements MessengerListener {

    final List<ChatMessage> added = new CopyOnWriteArrayList<>();
    final Map<String, Delivery> states = new ConcurrentHashMap<>();
    /** How many times each message was reported delivered (once, however its acknowledgement travelled). */
    final Map<String, Integer> deliveredTimes = new ConcurrentHashMap<>();
    final Map<String, Boolean> links = new ConcurrentHashMap<>();
    /** Links that went down, in the order they did. */
    final List<String> linksLost = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Frame> pushes = new CopyOnWriteArrayList<>();
    volatile Thread uiThread;
    /** Each transfer's latest state, and every state it was seen in. */
    final Map<String, dev.parley.app.transfer.Transfer> transfers = new ConcurrentHashMap<>();
    final List<dev.parley.app.transfer.Transfer> transferEvents = new CopyOnWriteArrayList<>();
    final Map<String, dev.parley.app.transfer.Progress> progress = new ConcurrentHashMap<>();

    /** Every call event, and each call's latest state and numbers. */
    final List<dev.parley.app.call.Call> callEvents = new CopyOnWriteArrayList<>();
    final Map<String, dev.parley.app.call.Call> calls = new ConcurrentHashMap<>();
    volatile dev.parley.media.call.CallStats lastCallStats;

    @Override
    public void callChanged(dev.parley.app.call.Call c) {
        callEvents.add(c);
        calls.put(c.id(), c);
    }

    @Override
    public void callStats(dev.parley.app.call.Call c, dev.parley.media.call.CallStats s) {
        lastCallStats = s;
    }

    /** The latest event of the most recent call, or null. */
    dev.parley.app.call.Call lastCall() {
        return callEvents.isEmpty() ? null : callEvents.getLast();
    }

    @Override
    public void transferChanged(dev.parley.app.transfer.Transfer t) {
        transfers.put(t.id(), t);
        transferEvents.add(t);
    }

    @Override
    public void transferProgress(dev.parley.app.transfer.Progress p) {
        progress.put(p.id(), p);
    }

    dev.parley.app.transfer.TransferState transferState(String id) {
        var t = transfers.get(id);
        return t == null ? null : t.state();
    }

    @Override
    public void messageAdded(ChatMessage m) {
        uiThread = Thread.currentThread();
        added.add(m);
        states.putIfAbsent(m.id(), m.state());
    }

    @Override
    public void deliveryChanged(String peer, List<String> ids, Delivery state) {
        for (String id : ids) {
            states.merge(id, state, (a, b) -> a == Delivery.DELIVERED ? a : b);
            if (state == Delivery.DELIVERED) {
                deliveredTimes.merge(id, 1, Integer::sum);
            }
        }
    }

    @Override
    public void linkChanged(String peer, boolean up, String reason) {
        links.put(peer, up);
        if (!up) {
            linksLost.add(peer + ": " + reason);
        }
    }

    @Override
    public void problem(String text) {
        problems.add(text);
    }

    @Override
    public void locatorPush(Frame frame) {
        pushes.add(frame);
    }

    @Override
    public void loggedIn(Welcome welcome, boolean resumed) {
    }

    @Override
    public void locatorState(LocatorClient.State state, String reason) {
    }

    List<ChatMessage> received(String from) {
        return added.stream().filter(m -> !m.outgoing() && m.peer().equals(from)).toList();
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }
}
