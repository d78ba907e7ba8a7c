package dev.parley.app.transfer;

import dev.parley.app.core.UiEvent;
import dev.parley.app.peer.Authenticated;
import dev.parley.app.peer.Handshake;
import dev.parley.app.peer.SenderRequest;
import dev.parley.app.router.Envelope;
import dev.parley.app.router.Kind;
import dev.parley.app.router.Lane;
import dev.parley.app.router.Router;
import dev.parley.app.router.Worker;
import dev.parley.protocol.Command;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.peer.PeerMessages;
import dev.parley.protocol.peer.PeerMessages.FileOffer;
import dev.parley.protocol.peer.PeerMessages.FileState;
import dev.parley.protocol.peer.PeerMessages.TransferSignal;
import dev.parley.protocol.FrameWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TRANSFERS lane: owns every transfer's state and starts its jobs. Offers and state changes
 * travel as FILE_OFFER / FILE_STATE on the friend's link; the bytes travel on a connection of
 * their own, which the receiver dials (it knows how much it already has), so a transfer resumes
 * by itself when both are online again, after a restart too.
 */
public final class TransferManager implements Worker {

    private static final Logger log = LoggerFactory.getLogger(TransferManager.class);
    /** Finished transfers whose state is said again when a link comes up. */
    static final long RESYNC_WINDOW_MS = 7L * 24 * 3600 * 1000;

    private final TransferStore store;
    private final Router router;
    private final Handshake handshake;
    private final Predicate<String> linked;
    private final Supplier<String> me;
    private final ScheduledExecutorService scheduler;
    private final Payloads payloads = new Payloads();

    private final Map<String, Job> jobs = new HashMap<>();
    private final Set<String> dialing = new HashSet<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    /** Read by other threads too (benchmarks, tests). */
    private final Map<String, AtomicLong> wire = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Speed> speeds = new HashMap<>();

    public TransferManager(TransferStore store, Router router, Handshake handshake, Predicate<String> linked,
                           Supplier<String> me, ScheduledExecutorService scheduler) {
        this.store = store;
        this.router = router;
        this.handshake = handshake;
        this.linked = linked;
        this.me = me;
        this.scheduler = scheduler;
    }

    /** Bytes put on the wire for transfer {@code id} since this app started, resends included. */
    public long wireBytes(String id) {
        AtomicLong w = wire.get(id);
        return w == null ? 0 : w.get();
    }

    @Override
    public Lane lane() {
        return Lane.TRANSFERS;
    }

    /** Hashing interrupted by quitting starts over. */
    public void restartPreparing() throws SQLException {
        for (Transfer t : store.all()) {
            if (t.outgoing() && t.state() == TransferState.PREPARING) {
                prepare(t);
            }
        }
    }

    @Override
    public void handle(Envelope e) throws Exception {
        switch ((TransferRequest) e.data()) {
            case TransferRequest.Send s -> {
                save(s.transfer());
                prepare(s.transfer());
            }
            case TransferRequest.Prepared p -> prepared(p);
            case TransferRequest.PrepareFailed f -> ended(f.id(), TransferState.FAILED, f.why());
            case TransferRequest.Accept a -> accept(a);
            case TransferRequest.Decline d -> decline(d.id());
            case TransferRequest.Pause p -> pause(p.id());
            case TransferRequest.Resume r -> resume(r.id());
            case TransferRequest.Cancel c -> cancel(c.id());
            case TransferRequest.Offered o -> offered(o.peer(), o.offer());
            case TransferRequest.Signalled s -> signalled(s.peer(), s.state());
            case TransferRequest.LinkUp u -> linkUp(u.peer());
            case TransferRequest.Incoming i -> incoming(i);
            case TransferRequest.Dialled d -> dialled(d);
            case TransferRequest.DialFailed f -> {
                dialing.remove(f.id());
                log.info("cannot fetch transfer {} yet: {}", f.id(), f.why());
                retryLater(f.id());
            }
            case TransferRequest.Ended en -> jobEnded(en);
            case TransferRequest.Retry r -> {
                Transfer t = get(r.id());
                if (t != null && !t.outgoing() && t.state() == TransferState.ACTIVE) {
                    fetch(t);
                }
            }
            case TransferRequest.Tick t -> progress();
        }
    }

    // ---- sender ---------------------------------------------------------------------------

    private void prepare(Transfer t) {
        Hashing h = new Hashing(t, this::toLane);
        jobs.put(t.id(), h);
        h.start();
    }

    private void prepared(TransferRequest.Prepared p) throws SQLException {
        jobs.remove(p.id());
        Transfer t = get(p.id());
        if (t == null || t.state() != TransferState.PREPARING) {
            return;
        }
        Transfer ready = t.withHash(p.sha256(), p.size(), p.mtime()).with(TransferState.OFFERED, null);
        String change = Upload.changed(ready);
        if (change != null) {
            change(ready.with(TransferState.FAILED, change));
            return;
        }
        change(ready);
        offer(ready);
    }

    private void offer(Transfer t) {
        control(t.peer(), Command.FILE_OFFER, t.id(), new FileOffer(t.id(), t.name(), t.size(), t.sha256(), t.mime()));
    }

    private void incoming(TransferRequest.Incoming i) throws SQLException {
        Authenticated c = i.connection();
        Transfer t = get(i.id());
        String refusal = null;
        ErrorCode code = ErrorCode.NO_SUCH_TRANSFER;
        if (t == null || !t.outgoing() || !t.peer().equals(c.peer())) {
            refusal = "there is no transfer " + i.id() + " to " + c.peer();
        } else if (t.state() == TransferState.PAUSED) {
            code = ErrorCode.BAD_REQUEST;
            refusal = t.error() != null ? t.error() : "the transfer is paused";
        } else if (t.state() != TransferState.ACTIVE) {
            code = ErrorCode.BAD_REQUEST;
            refusal = "transfer " + t.name() + " is " + t.state().name().toLowerCase() + ", not sending";
        } else if (i.offset() > t.size()) {
            code = ErrorCode.BAD_OFFSET;
            refusal = "asked for byte " + i.offset() + " of a " + t.size() + "-byte file";
        }
        if (refusal != null) {
            log.warn("refused a file connection from {}: {}", c.peer(), refusal);
            String why = refusal;
            ErrorCode how = code;
            Thread.ofVirtual().name("transfer-refuse").start(() -> refuse(c, how, why));
            return;
        }
        Job old = jobs.remove(t.id());
        if (old != null) {
            // The receiver reconnected: whatever the old connection was doing is over.
            old.stop();
        }
        Upload up = new Upload(t, c, i.offset(), wire.computeIfAbsent(t.id(), k -> new AtomicLong()),
                this::jobDone);
        start(t.id(), up);
    }

    // ---- receiver -------------------------------------------------------------------------

    private void offered(String peer, FileOffer o) throws SQLException {
        String bad = invalid(o);
        if (bad != null) {
            log.warn("{} offered a file badly: {}", peer, bad);
            toUi(new UiEvent.Problem(peer + " offered a file Parley cannot take: " + bad));
            if (o.id() != null && o.id().length() <= 128) {
                signal(peer, o.id(), TransferSignal.DECLINED, "the offer was not valid: " + bad);
            }
            return;
        }
        Transfer t = get(o.id());
        if (t != null) {
            if (t.outgoing() || !t.peer().equals(peer)) {
                log.warn("{} offered transfer id {}, which is not theirs", peer, o.id());
                return;
            }
            answer(t);
            return;
        }
        long now = System.currentTimeMillis();
        Transfer fresh = new Transfer(o.id(), peer, false, FileNames.sanitize(o.name()), o.size(), o.sha256(),
                o.mime(), null, null, TransferState.OFFERED, 0, null, 0, now, now);
        change(fresh);
    }

    /** What the receiver says to a repeated offer: where it stands. */
    private void answer(Transfer t) {
        switch (t.state()) {
            case ACTIVE -> {
                signal(t.peer(), t.id(), TransferSignal.ACCEPTED, null);
                fetch(t);
            }
            case PAUSED -> signal(t.peer(), t.id(), TransferSignal.PAUSED, t.error());
            case DONE -> signal(t.peer(), t.id(), TransferSignal.DONE, null);
            case DECLINED -> signal(t.peer(), t.id(), TransferSignal.DECLINED, null);
            case CANCELLED -> signal(t.peer(), t.id(), TransferSignal.CANCELLED, t.error());
            case FAILED -> signal(t.peer(), t.id(), TransferSignal.FAILED, t.error());
            default -> {
                // still deciding
            }
        }
    }

    static String invalid(FileOffer o) {
        if (o.id() == null || !o.id().matches("[A-Za-z0-9_-]{1,128}")) {
            return "its id is missing or has odd characters";
        }
        if (o.name() == null || o.name().isBlank()) {
            return "it has no file name";
        }
        if (o.size() < 0 || o.size() > (1L << 50)) {
            return "its size " + o.size() + " is not possible";
        }
        if (!Sha256.valid(o.sha256())) {
            return "its SHA-256 is not 64 hex digits";
        }
        return null;
    }

    private void accept(TransferRequest.Accept a) throws SQLException {
        Transfer t = get(a.id());
        if (t == null || t.outgoing() || t.state() != TransferState.OFFERED) {
            return;
        }
        Path target = a.target().toAbsolutePath();
        Path partial = partialFor(target, t.id());
        try {
            Files.createDirectories(target.getParent());
            String room = Space.lacking(target.getParent(), t.size(), partial);
            if (room != null) {
                toUi(new UiEvent.Problem(room));
                return;
            }
        } catch (IOException e) {
            toUi(new UiEvent.Problem("cannot save to " + target.getParent() + ": " + e.getMessage()));
            return;
        }
        Transfer active = t.withPaths(target, partial).with(TransferState.ACTIVE, null);
        change(active);
        signal(t.peer(), t.id(), TransferSignal.ACCEPTED, null);
        fetch(active);
    }

    /** The partial file: beside the destination, named after it and the transfer. */
    public static Path partialFor(Path target, String id) {
        return target.resolveSibling(target.getFileName() + "." + Job.shortId(id) + ".part");
    }

    private void decline(String id) throws SQLException {
        Transfer t = get(id);
        if (t == null || t.outgoing() || t.state() != TransferState.OFFERED) {
            return;
        }
        change(t.with(TransferState.DECLINED, null));
        signal(t.peer(), id, TransferSignal.DECLINED, null);
    }

    /** Opens the data connection (on a virtual thread: dialling waits on the locator and the network). */
    private void fetch(Transfer t) {
        if (jobs.containsKey(t.id()) || dialing.contains(t.id()) || !linked.test(t.peer())) {
            return;
        }
        dialing.add(t.id());
        Thread.ofVirtual().name("transfer-dial-" + Job.shortId(t.id())).start(() -> {
            try {
                toLane(new TransferRequest.Dialled(t.id(), handshake.dial(t.peer(), PeerMessages.PURPOSE_FILE)));
            } catch (IOException | RuntimeException e) {
                toLane(new TransferRequest.DialFailed(t.id(), String.valueOf(e.getMessage())));
            }
        });
    }

    private void dialled(TransferRequest.Dialled d) throws SQLException {
        dialing.remove(d.id());
        Transfer t = get(d.id());
        if (t == null || t.state() != TransferState.ACTIVE || jobs.containsKey(d.id())) {
            closeQuietly(d.connection());
            return;
        }
        try {
            Download down = new Download(t, d.connection(), this::jobDone);
            start(t.id(), down);
        } catch (IOException e) {
            closeQuietly(d.connection());
            retryLater(d.id());
        }
    }

    private void retryLater(String id) {
        int n = attempts.merge(id, 1, Integer::sum);
        long delay = Math.min(30_000, 500L << Math.min(n - 1, 6));
        scheduler.schedule(() -> toLane(new TransferRequest.Retry(id)), delay, TimeUnit.MILLISECONDS);
    }

    // ---- either side ----------------------------------------------------------------------

    /**
     * The friend is back: signals sent while the link was down were lost, so each side says again
     * where its recent transfers stand (applying a state twice changes nothing), the sender
     * re-offers what is open, and the receiver fetches what it accepted.
     */
    private void linkUp(String peer) throws SQLException {
        long recent = System.currentTimeMillis() - RESYNC_WINDOW_MS;
        for (Transfer t : store.with(peer)) {
            switch (t.state()) {
                case OFFERED, ACTIVE -> {
                    if (t.outgoing()) {
                        offer(t);
                    } else if (t.state() == TransferState.ACTIVE) {
                        attempts.remove(t.id());
                        fetch(t);
                    }
                }
                case PAUSED -> {
                    if (t.outgoing()) {
                        offer(t);
                    }
                    signal(peer, t.id(), TransferSignal.PAUSED, t.error());
                }
                case CANCELLED, FAILED, DECLINED, DONE -> {
                    if (t.updatedAt() >= recent) {
                        signal(peer, t.id(), TransferSignal.valueOf(t.state().name()), t.error());
                    }
                }
                default -> {
                    // PREPARING: offered once hashed
                }
            }
        }
    }

    private void pause(String id) throws SQLException {
        Transfer t = get(id);
        if (t == null || t.state() != TransferState.ACTIVE) {
            return;
        }
        String why = "paused by " + me.get();
        stopJob(id);
        change(t.with(TransferState.PAUSED, why));
        signal(t.peer(), id, TransferSignal.PAUSED, why);
    }

    private void resume(String id) throws SQLException {
        Transfer t = get(id);
        if (t == null || (t.state() != TransferState.PAUSED && t.state() != TransferState.FAILED)) {
            return;
        }
        if (t.outgoing()) {
            String change = Upload.changed(t);
            if (change != null) {
                change(t.with(TransferState.FAILED, change));
                signal(t.peer(), id, TransferSignal.FAILED, change);
                return;
            }
        } else if (t.state() == TransferState.FAILED && t.partial() != null) {
            // Damaged on arrival: which bytes are bad is unknown, so fetch them all again.
            try {
                Files.deleteIfExists(t.partial());
            } catch (IOException e) {
                toUi(new UiEvent.Problem("cannot start " + t.name() + " over: " + e.getMessage()));
                return;
            }
        }
        Transfer active = t.with(TransferState.ACTIVE, null);
        change(active);
        signal(t.peer(), id, TransferSignal.RESUMED, null);
        if (!t.outgoing()) {
            attempts.remove(id);
            fetch(active);
        }
    }

    private void cancel(String id) throws SQLException {
        Transfer t = get(id);
        if (t == null || t.state().finished()) {
            return;
        }
        String why = "cancelled by " + me.get();
        stopJob(id);
        dropPartial(t);
        change(t.with(TransferState.CANCELLED, why));
        signal(t.peer(), id, TransferSignal.CANCELLED, why);
    }

    private void signalled(String peer, FileState s) throws SQLException {
        Transfer t = s.id() == null ? null : get(s.id());
        if (t == null || !t.peer().equals(peer) || s.state() == null) {
            log.debug("{} sent FILE_STATE for a transfer that is not theirs: {}", peer, s);
            return;
        }
        String reason = s.reason();
        switch (s.state()) {
            case ACCEPTED -> {
                if (t.outgoing() && (t.state() == TransferState.OFFERED)) {
                    change(t.with(TransferState.ACTIVE, null));
                }
            }
            case DECLINED -> {
                if (t.outgoing() && !t.state().finished()) {
                    stopJob(t.id());
                    change(t.with(TransferState.DECLINED, reason != null ? reason : peer + " declined it"));
                }
            }
            case PAUSED -> {
                if (t.state() == TransferState.ACTIVE || t.state() == TransferState.OFFERED && t.outgoing()) {
                    stopJob(t.id());
                    change(t.with(TransferState.PAUSED, reason != null ? reason : "paused by " + peer));
                }
            }
            case RESUMED -> {
                if (t.state() == TransferState.PAUSED || t.state() == TransferState.FAILED) {
                    if (t.outgoing()) {
                        String change = Upload.changed(t);
                        if (change != null) {
                            change(t.with(TransferState.FAILED, change));
                            signal(peer, t.id(), TransferSignal.FAILED, change);
                            return;
                        }
                    }
                    Transfer active = t.with(TransferState.ACTIVE, null);
                    change(active);
                    if (!t.outgoing()) {
                        attempts.remove(t.id());
                        fetch(active);
                    }
                }
            }
            case CANCELLED -> {
                if (!t.state().finished()) {
                    stopJob(t.id());
                    dropPartial(t);
                    change(t.with(TransferState.CANCELLED, reason != null ? reason : "cancelled by " + peer));
                }
            }
            case DONE -> {
                if (t.outgoing() && t.state() != TransferState.DONE) {
                    change(t.withDone(t.size()).with(TransferState.DONE, null));
                }
            }
            case FAILED -> {
                if (!t.state().finished()) {
                    stopJob(t.id());
                    change(t.with(TransferState.FAILED, reason != null ? reason : peer + " reported a failure"));
                }
            }
        }
    }

    private void jobEnded(TransferRequest.Ended en) throws SQLException {
        String id = en.id();
        if (jobs.get(id) == en.job()) {
            jobs.remove(id);
            speeds.remove(id);
        } else if (!(en.outcome() instanceof Outcome.Complete)) {
            return; // an older connection of a transfer that has moved on (paused, replaced)
        }
        Transfer t = get(id);
        if (t == null) {
            return;
        }
        long pos = en.job().position();
        Transfer at = t.withDone(Math.max(0, Math.min(pos, t.size())));
        switch (en.outcome()) {
            case Outcome.Complete c -> {
                attempts.remove(id);
                Transfer done = at.withDone(t.size());
                if (!t.outgoing()) {
                    done = done.withPaths(c.file(), null);
                    signal(t.peer(), id, TransferSignal.DONE, null);
                }
                change(done.with(TransferState.DONE, null));
            }
            case Outcome.Lost l -> {
                log.info("transfer {} of {}: {}", id, t.name(), l.why());
                save(at);
                if (!t.outgoing() && t.state() == TransferState.ACTIVE) {
                    retryLater(id);
                }
            }
            case Outcome.Stopped s -> save(at);
            case Outcome.Refused r -> {
                if (r.code() == ErrorCode.FILE_CHANGED || r.code() == ErrorCode.NO_SUCH_TRANSFER) {
                    change(at.with(TransferState.FAILED, t.peer() + ": " + r.why()));
                } else if (t.state() == TransferState.ACTIVE) {
                    change(at.with(TransferState.PAUSED, r.why()));
                }
            }
            case Outcome.Mismatch m -> change(at.with(TransferState.FAILED, m.why() + "; resume to fetch it again"));
            case Outcome.Changed ch -> {
                change(at.with(TransferState.FAILED, ch.why()));
                signal(t.peer(), id, TransferSignal.FAILED, ch.why());
            }
            case Outcome.DiskTrouble d -> {
                change(at.with(TransferState.PAUSED, d.why()));
                signal(t.peer(), id, TransferSignal.PAUSED, t.outgoing() ? d.why() : me.get() + "'s side: " + d.why());
            }
            case Outcome.Hostile h -> {
                log.warn("transfer {} with {} aborted: {}", id, t.peer(), h.why());
                change(at.with(TransferState.FAILED, "aborted: " + h.why()));
                signal(t.peer(), id, TransferSignal.FAILED, "aborted: " + h.why());
            }
        }
    }

    // ---- plumbing -------------------------------------------------------------------------

    private void start(String id, Job job) {
        jobs.put(id, job);
        speeds.put(id, new Speed(job.position()));
        job.start();
    }

    /** Called on the job's own thread as it ends. */
    private void jobDone(Job job, Outcome outcome) {
        toLane(new TransferRequest.Ended(job.id(), job, outcome));
    }

    private void stopJob(String id) {
        Job j = jobs.remove(id);
        dialing.remove(id);
        if (j != null) {
            j.stop();
        }
    }

    private void dropPartial(Transfer t) {
        if (!t.outgoing() && t.partial() != null) {
            try {
                Files.deleteIfExists(t.partial());
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", t.partial(), e.getMessage());
            }
        }
    }

    private void progress() {
        long now = System.nanoTime();
        for (Map.Entry<String, Job> e : jobs.entrySet()) {
            Job j = e.getValue();
            Transfer t = j.transfer();
            long pos = j.position();
            Speed sp = speeds.computeIfAbsent(e.getKey(), k -> new Speed(pos));
            double rate = sp.update(pos, now);
            AtomicLong w = wire.get(e.getKey());
            router.send(Envelope.of(Lane.TRANSFERS, Lane.UI, Kind.PROGRESS, new UiEvent.TransferProgress(new Progress(
                    t.id(), t.peer(), t.outgoing(), j instanceof Hashing, pos, t.size(), rate, w == null ? 0 : w.get()))));
        }
    }

    private Transfer get(String id) throws SQLException {
        return store.get(id).orElse(null);
    }

    private void save(Transfer t) throws SQLException {
        store.save(t);
    }

    private void change(Transfer t) throws SQLException {
        store.save(t);
        toUi(new UiEvent.TransferChanged(t));
    }

    private void ended(String id, TransferState s, String why) throws SQLException {
        jobs.remove(id);
        Transfer t = get(id);
        if (t != null) {
            change(t.with(s, why));
        }
    }

    private void signal(String peer, String id, TransferSignal s, String reason) {
        control(peer, Command.FILE_STATE, id, new FileState(id, s, reason));
    }

    private void control(String peer, Command command, String id, Object body) {
        Frame f = payloads.frame(Header.command(command, id, 0), body);
        // No link, no worker: the next LinkUp sends the offer again and the answer says the rest.
        router.send(Envelope.of(Lane.TRANSFERS, Lane.sender(peer), Kind.COMMAND, new SenderRequest.Control(f)));
    }

    private void toUi(UiEvent e) {
        router.send(Envelope.of(Lane.TRANSFERS, Lane.UI, Kind.COMMAND, e));
    }

    private void toLane(TransferRequest r) {
        router.send(Envelope.of(Lane.TRANSFERS, Lane.TRANSFERS, r instanceof TransferRequest.Tick ? Kind.PROGRESS : Kind.COMMAND, r));
    }

    private static void refuse(Authenticated c, ErrorCode code, String why) {
        try {
            Job.tell(new FrameWriter(c.socket().getOutputStream()), code, why);
        } catch (IOException ignored) {
            // gone already
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Authenticated c) {
        try {
            c.socket().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        for (Job j : jobs.values()) {
            j.stop();
        }
        jobs.clear();
    }

    /** Smoothed bytes per second between ticks. */
    private static final class Speed {
        private long lastPos;
        private long lastNanos = System.nanoTime();
        private double rate;

        Speed(long pos) {
            this.lastPos = pos;
        }

        double update(long pos, long now) {
            double dt = (now - lastNanos) / 1e9;
            if (dt >= 0.05) {
                double inst = Math.max(0, pos - lastPos) / dt;
                rate = rate == 0 ? inst : 0.7 * rate + 0.3 * inst;
                lastPos = pos;
                lastNanos = now;
            }
            return rate;
        }
    }
}
