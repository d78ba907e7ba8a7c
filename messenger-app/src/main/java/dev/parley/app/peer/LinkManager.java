package dev.parley.app.peer;

import dev.parley.app.call.CallRequest;
import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.chat.StoreRequest;
import dev.parley.app.chat.Unacked;
import dev.parley.app.core.UiEvent;
import dev.parley.app.locator.Backoff;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.parley.app.transfer.TransferRequest;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.peer.PeerMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one direct link per online friend. Links come from our dials and from the listener;
 * when both friends dial at once, both keep the link dialled by the alphabetically first name,
 * so the pair agrees without talking. A lost link is redialled (jittered backoff) while the
 * friend is online; idle links are pinged so a dead one is noticed.
 */
public final class LinkManager implements PeerLink.Handler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkManager.class);
    private final Payloads payloads = new Payloads();

    /**
     * @param pingEvery   a PING on every link this often
     * @param idleTimeout a link with nothing received for this long is closed
     * @param secondDial  how long the alphabetically later friend waits before dialling too
     */
    public record Options(Duration pingEvery, Duration idleTimeout, Duration secondDial, Backoff redial) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofMillis(1500), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    }

    private final Handshake handshake;
    private final Router router;
    private final Unacked unacked;
    private final Supplier<String> me;
    private final ScheduledExecutorService scheduler;
    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PeerLink> links = new HashMap<>();
    private final Set<String> dialing = new HashSet<>();
    private final Map<String, Presence> presence = new HashMap<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final ScheduledFuture<?> pinger;
    private boolean closed;

    public LinkManager(Handshake handshake, Router router, Supplier<String> me, ScheduledExecutorService scheduler,
                       Unacked unacked, Options options) {
        this.unacked = Objects.requireNonNull(unacked, "unacked");
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.router = Objects.requireNonNull(router, "router");
        this.me = Objects.requireNonNull(me, "me");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.options = Objects.requireNonNull(options, "options");
        long every = options.pingEvery().toMillis();
        this.pinger = scheduler.scheduleAtFixedRate(this::pingAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** The friends we have a link to now. */
    public synchronized Set<String> linked() {
        return Set.copyOf(links.keySet());
    }

    public synchronized boolean isLinked(String friend) {
        PeerLink l = links.get(friend);
        return l != null && l.open();
    }

    /** A friend's presence changed (from the roster at login, or a push). */
    public void presence(String friend, Presence status) {
        boolean online = status != Presence.OFFLINE;
        synchronized (this) {
            presence.put(friend, status);
            if (!online) {
                failures.remove(friend);
                return;
            }
        }
        String self = me.get();
        if (self != null && self.compareTo(friend) < 0) {
            dial(friend);
        } else {
            scheduler.schedule(() -> dial(friend), options.secondDial().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Someone stopped being a friend: drop the link. */
    public void forget(String friend) {
        PeerLink l;
        synchronized (this) {
            presence.remove(friend);
            l = links.get(friend);
        }
        if (l != null) {
            l.close("no longer friends");
        }
    }

    /** We have something for {@code friend}: dial now unless a link exists or is on its way. */
    public void want(String friend) {
        dial(friend);
    }

    private void dial(String friend) {
        if (me.get() == null) {
            return; // logged out: nobody to introduce ourselves as
        }
        synchronized (this) {
            if (closed || links.containsKey(friend) || !dialing.add(friend)) {
                return;
            }
        }
        Thread.ofVirtual().name("peer-dial-" + friend).start(() -> {
            try {
                PeerLink link = handshake.dial(friend);
                synchronized (this) {
                    dialing.remove(friend);
                }
                install(link);
            } catch (IOException e) {
                boolean retry;
                int attempt;
                synchronized (this) {
                    dialing.remove(friend);
                    attempt = failures.merge(friend, 1, Integer::sum);
                    retry = !closed && presence.getOrDefault(friend, Presence.OFFLINE) != Presence.OFFLINE
                            && !links.containsKey(friend);
                }
                if (e instanceof LinkRefused r && r.code() == ErrorCode.KEY_MISMATCH) {
                    log.warn("refusing to talk to {}: {}", friend, e.getMessage());
                    toUi(new UiEvent.Problem(e.getMessage()));
                } else {
                    log.info("cannot link to {} (attempt {}): {}", friend, attempt, e.getMessage());
                }
                if (retry) {
                    redialLater(friend, attempt);
                }
            }
        });
    }

    private void redialLater(String friend, int attempt) {
        long delay = options.redial().delay(attempt, random).toMillis();
        scheduler.schedule(() -> {
            boolean still;
            synchronized (this) {
                still = presence.getOrDefault(friend, Presence.OFFLINE) != Presence.OFFLINE;
            }
            if (still) {
                dial(friend);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A friend's incoming connection for their link. */
    public void accepted(Authenticated c) {
        try {
            install(new PeerLink(c.socket(), c.peer(), c.dialer(), c.reader()));
        } catch (IOException e) {
            log.info("the link from {} failed as it started: {}", c.peer(), e.getMessage());
            try {
                c.socket().close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }

    /** An authenticated link, dialled or accepted: keep it (unless the pair already has the better one). */
    public void install(PeerLink link) {
        String peer = link.peer();
        PeerLink loser = null;
        synchronized (this) {
            if (closed) {
                loser = link;
            } else {
                PeerLink existing = links.get(peer);
                if (existing != null && existing.open() && !prefer(link, existing)) {
                    loser = link;
                } else {
                    loser = existing;
                    links.put(peer, link);
                    failures.remove(peer);
                    // Under the lock, so a concurrent install cannot interleave detach and attach.
                    router.detach(Lane.sender(peer));
                    router.attach(new SenderWorker(link, me.get(), router));
                }
            }
        }
        if (loser != null && loser != link) {
            loser.refuse(ErrorCode.DUPLICATE_LINK, "a newer or preferred link to " + peer + " replaced this one");
        }
        if (loser == link) {
            link.refuse(ErrorCode.DUPLICATE_LINK, "already linked with " + peer + "; keeping the link " + winnerDialer(peer) + " dialled");
            return;
        }
        try {
            link.start(this, (int) options.idleTimeout().toMillis());
        } catch (IOException e) {
            link.close("cannot start reading from " + peer + ": " + e.getMessage());
            closed(link, link.toString() + " failed to start");
            return;
        }
        log.info("linked with {} ({})", peer, link);
        router.send(Envelope.of(Lane.LISTENER, Lane.STORE, Kind.COMMAND, new StoreRequest.LoadOutbox(peer)));
        router.send(Envelope.of(Lane.LISTENER, Lane.TRANSFERS, Kind.COMMAND, new TransferRequest.LinkUp(peer)));
        toUi(new UiEvent.LinkChanged(peer, true, "linked"));
    }

    private String winnerDialer(String peer) {
        String self = me.get();
        return self.compareTo(peer) < 0 ? self : peer;
    }

    /** Both sides pick the same one: the link dialled by the first name; between two by the same dialler, the newer. */
    private boolean prefer(PeerLink fresh, PeerLink existing) {
        if (fresh.dialer().equals(existing.dialer())) {
            return true;
        }
        return fresh.dialer().equals(winnerDialer(fresh.peer()));
    }

    /**
     * A lone message is stored (and acknowledged) on this reader thread when the STORE lane is
     * idle: two thread wake-ups fewer on its way. In a burst, the lane's own thread takes them
     * in batches, one commit each, as before.
     */
    private void toStore(PeerLink link, Envelope e) {
        if (link.moreWaiting()) {
            router.send(e);
        } else {
            router.sendInline(e);
        }
    }

    @Override
    public void frame(PeerLink link, Frame f) {
        String peer = link.peer();
        switch (f.type()) {
            case TEXT -> {
                String id = f.header().id();
                if (id == null || id.isBlank() || id.length() > 128) {
                    link.refuse(ErrorCode.BAD_REQUEST, "a TEXT frame needs an id of 1-128 characters");
                    return;
                }
                if (f.header().from() != null && !peer.equals(f.header().from())) {
                    link.refuse(ErrorCode.WRONG_PEER, "this link is " + peer + "'s; a TEXT frame claimed to be from " + f.header().from());
                    return;
                }
                String body;
                try {
                    body = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(f.payload())).toString();
                } catch (CharacterCodingException e) {
                    link.refuse(ErrorCode.BAD_FRAME, "TEXT " + id + " is not valid UTF-8");
                    return;
                }
                long ts = f.header().ts() == null ? System.currentTimeMillis() : f.header().ts();
                toStore(link, Envelope.of(Lane.sender(peer), Lane.STORE, Kind.TEXT,
                        new StoreRequest.Received(new ChatMessage(0, id, peer, false, body, ts, Delivery.RECEIVED))));
            }
            case ACK -> {
                String re = f.header().re();
                if (re != null) {
                    // TEXT, like the MessageAdded the STORE lane sent before the message went out, so it cannot overtake it
                    boolean shown = unacked.acknowledged(peer, re) && router.send(Envelope.of(Lane.sender(peer), Lane.UI,
                            Kind.TEXT, new UiEvent.DeliveryChanged(peer, List.of(re), Delivery.DELIVERED)));
                    toStore(link, Envelope.of(Lane.sender(peer), Lane.STORE, Kind.COMMAND, new StoreRequest.Acked(peer, re, shown)));
                }
            }
            case COMMAND -> transferControl(link, f);
            case PING -> router.send(Envelope.of(Lane.LISTENER, Lane.sender(peer), Kind.COMMAND, new SenderRequest.Pong()));
            case PONG -> {
                // any frame resets the idle timer; nothing else to do
            }
            case ERROR -> {
                log.warn("{} reported an error: {} {}", peer, f.header().code(), f.header().error());
                if (f.header().code() != ErrorCode.DUPLICATE_LINK) {
                    toUi(new UiEvent.Problem(peer + ": " + f.header().error()));
                }
                link.close(peer + " closed the link: " + f.header().error());
            }
            default -> log.debug("ignoring a {} frame from {} (not supported by this version)", f.type(), peer);
        }
    }

    /** FILE_OFFER and FILE_STATE go to the transfers lane, CALL to the media lane; anything else is ignored. */
    private void transferControl(PeerLink link, Frame f) {
        String peer = link.peer();
        try {
            Object request = switch (f.command()) {
                case FILE_OFFER -> new TransferRequest.Offered(peer, payloads.decode(f, PeerMessages.FileOffer.class));
                case FILE_STATE -> new TransferRequest.Signalled(peer, payloads.decode(f, PeerMessages.FileState.class));
                case CALL -> new CallRequest.Signalled(peer, payloads.decode(f, PeerMessages.Call.class));
                case null, default -> null;
            };
            if (request == null) {
                log.debug("ignoring command {} from {} (not for direct links)", f.command(), peer);
                return;
            }
            router.send(Envelope.of(Lane.sender(peer), request instanceof CallRequest ? Lane.MEDIA : Lane.TRANSFERS,
                    Kind.COMMAND, request));
        } catch (ProtocolException e) {
            log.warn("{} sent an unreadable {}: {}", peer, f.command(), e.getMessage());
            toUi(new UiEvent.Problem(peer + " sent an unreadable " + f.command() + ": " + e.getMessage()));
        }
    }

    @Override
    public void closed(PeerLink link, String reason) {
        String peer = link.peer();
        boolean current;
        boolean redial;
        synchronized (this) {
            current = links.get(peer) == link;
            if (current) {
                links.remove(peer);
                router.detach(Lane.sender(peer));
            }
            redial = current && !closed && presence.getOrDefault(peer, Presence.OFFLINE) != Presence.OFFLINE;
        }
        if (!current) {
            return;
        }
        log.info("link to {} closed: {}", peer, reason);
        toUi(new UiEvent.LinkChanged(peer, false, reason));
        router.send(Envelope.of(Lane.LISTENER, Lane.MEDIA, Kind.COMMAND, new CallRequest.LinkDown(peer, reason)));
        if (redial) {
            redialLater(peer, 0);
        }
    }

    /** Pings every link, and closes one whose friend has not read what we wrote for the idle timeout. */
    private void pingAll() {
        List<PeerLink> all;
        synchronized (this) {
            all = List.copyOf(links.values());
        }
        long limit = options.idleTimeout().toNanos();
        for (PeerLink l : all) {
            long stalled = l.writeStalledNanos();
            if (stalled > limit) {
                l.abort(l.peer() + " stopped reading (a write waited " + stalled / 1_000_000 + " ms)");
            } else {
                router.send(Envelope.of(Lane.LISTENER, Lane.sender(l.peer()), Kind.COMMAND, new SenderRequest.Ping()));
            }
        }
    }

    private void toUi(UiEvent e) {
        router.send(Envelope.of(Lane.LISTENER, Lane.UI, Kind.COMMAND, e));
    }

    /** Closes every link (logging out or quitting). */
    public void closeAll(String reason) {
        List<PeerLink> all;
        synchronized (this) {
            all = List.copyOf(links.values());
            presence.clear();
        }
        all.forEach(l -> l.close(reason));
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        pinger.cancel(false);
        closeAll("quitting");
    }
}
