package dev.parley.app.bench;

import dev.parley.app.chat.ChatMessage;
import dev.parley.app.chat.Delivery;
import dev.parley.app.core.Messenger;
import dev.parley.app.core.MessengerListener;
import dev.parley.app.locator.HostPort;
import dev.parley.app.profile.AppHome;
import dev.parley.app.profile.Profile;
import dev.parley.app.transfer.Progress;
import dev.parley.app.transfer.Sha256;
import dev.parley.app.transfer.Transfer;
import dev.parley.app.transfer.TransferManager;
import dev.parley.app.transfer.TransferState;
import dev.parley.protocol.Command;
import dev.parley.protocol.locator.LocatorMessages.Friend;
import dev.parley.protocol.locator.LocatorMessages.FriendRequest;
import dev.parley.protocol.locator.LocatorMessages.UserRef;
import dev.parley.server.Locator;
import dev.parley.server.LocatorConfig;
import dev.parley.server.auth.Argon2Params;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code bench file}: a big file end to end between two clients (TLS, SHA-256, on disk) against a
 * plain socket copy of the same file in the same run; resume after the receiver restarts at 50 %;
 * chat round trips while a transfer runs; heap growth during the transfer.
 *
 * <p>The clients run in a JVM of their own started with the options the launcher gives the
 * messenger ({@code PARLEY_APP_JVM_OPTS}): heap growth and pauses depend on the collector's
 * settings, and what counts is the client as users run it, not the bench's defaults.
 */
public final class FileBench {

    /** The environment variable in which the launcher passes the messenger's JVM options. */
    static final String APP_JVM_OPTS = "PARLEY_APP_JVM_OPTS";

    private static final int ROUNDS = 3;
    private static final int CHAT_RATE = 100;

    private final long size;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    public FileBench(long sizeBytes) {
        this.size = sizeBytes;
    }

    /** Runs the bench in a new JVM with the messenger's options (see the class comment); returns its exit code. */
    static int runInOwnProcess(long sizeBytes) throws Exception {
        String opts = System.getenv(APP_JVM_OPTS);
        if (opts == null || opts.isBlank()) {
            System.err.println("bench file: " + APP_JVM_OPTS + " is not set (run it through ./parley); using this JVM's options");
        }
        List<String> jvmOpts = opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
        return ChildJvm.run(FileBench.class, true, jvmOpts, List.of(Long.toString(sizeBytes)), Duration.ofMinutes(30));
    }

    public static void main(String[] args) {
        ChildJvm.exitAfter(() -> new FileBench(Long.parseLong(args[0])).run());
    }

    public void run() throws Exception {
        try (Scratch scratch = new Scratch("file")) {
            run(scratch.dir());
        }
    }

    private void run(Path dir) throws Exception {
        Path src = dir.resolve("big.bin");
        System.err.println("bench file: writing a " + mib(size) + " MiB test file");
        fill(src, size);
        double baseline = baseline(src, dir.resolve("copy.bin"));
        parley(dir, src, baseline);
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    private static void fill(Path p, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long left = size; left > 0; ) {
                buf.clear();
                while (buf.remaining() >= 8) {
                    buf.putLong(r.nextLong());
                }
                buf.flip().limit((int) Math.min(buf.limit(), left));
                left -= buf.remaining();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /** Plain TCP on loopback, no TLS, no hashing: file → socket → file, 1 MiB at a time. Median MB/s. */
    private double baseline(Path src, Path dst) throws Exception {
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Files.deleteIfExists(dst);
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                AtomicLong received = new AtomicLong();
                Thread sink = Thread.ofPlatform().name("bench-copy-sink").start(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream();
                         FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                        byte[] b = new byte[1 << 20];
                        for (int n; (n = in.read(b)) > 0; ) {
                            ByteBuffer bb = ByteBuffer.wrap(b, 0, n);
                            while (bb.hasRemaining()) {
                                out.write(bb);
                            }
                            received.addAndGet(n);
                        }
                        out.force(false);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                long t0 = System.nanoTime();
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     OutputStream out = c.getOutputStream(); FileChannel in = FileChannel.open(src)) {
                    byte[] b = new byte[1 << 20];
                    ByteBuffer bb = ByteBuffer.wrap(b);
                    for (int n; (n = in.read(bb.clear())) > 0; ) {
                        out.write(b, 0, n);
                    }
                }
                sink.join();
                double secs = (System.nanoTime() - t0) / 1e9;
                if (received.get() != size) {
                    throw new IllegalStateException("baseline copied " + received.get() + " of " + size + " bytes");
                }
                rates.add(size / 1e6 / secs);
            }
        }
        Files.deleteIfExists(dst);
        double median = median(rates);
        new JsonLine("file", "baseline_socket_copy").put("bytes", size).put("rounds", ROUNDS)
                .put("mb_per_s_median", median).put("mb_per_s_all", rates.stream().map(FileBench::round).toList()).print();
        return median;
    }

    /** What the two clients hear. */
    private static final class Ears implements MessengerListener {
        final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
        final Map<String, Progress> progress = new ConcurrentHashMap<>();
        final Map<String, Long> started = new ConcurrentHashMap<>();
        volatile Samples roundTrips = new Samples();
        final AtomicLong delivered = new AtomicLong();
        volatile boolean linked;

        @Override
        public void transferChanged(Transfer t) {
            transfers.put(t.id(), t);
        }

        @Override
        public void transferProgress(Progress p) {
            progress.put(p.id(), p);
        }

        @Override
        public void deliveryChanged(String peer, List<String> ids, Delivery state) {
            if (state != Delivery.DELIVERED) {
                return;
            }
            long now = System.nanoTime();
            for (String id : ids) {
                Long s = started.remove(id);
                if (s != null) {
                    roundTrips.add(now - s);
                }
                delivered.incrementAndGet();
            }
        }

        @Override
        public void linkChanged(String peer, boolean up, String reason) {
            linked = up;
        }

        TransferState state(String id) {
            Transfer t = transfers.get(id);
            return t == null ? null : t.state();
        }
    }

    private void parley(Path dir, Path src, double baseline) throws Exception {
        String sha = Sha256.of(src, x -> { });
        try (Locator locator = Locator.start(LocatorConfig.defaults("127.0.0.1", 0, dir.resolve("locator"))
                .withPasswordCost(Argon2Params.CHEAP_FOR_TESTS), Clock.systemUTC())) {
            HostPort hp = new HostPort("127.0.0.1", locator.address().getPort());
            AppHome home = new AppHome(dir.resolve("home"));
            Messenger.Options opts = Messenger.Options.DEFAULT.withListen("127.0.0.1", 0, null);
            Profile ap = home.profile("alice");
            Profile bp = home.profile("bob");
            Ears aliceE = new Ears();
            Ears bobE = new Ears();
            Path downloads = dir.resolve("downloads");
            Messenger bob = null;
            try (Messenger alice = Messenger.open(ap.dir(), hp, ap.knownLocators().trustFor(hp), Runnable::run, aliceE, opts)) {
                bob = Messenger.open(bp.dir(), hp, bp.knownLocators().trustFor(hp), Runnable::run, bobE, opts);
                bob.setDownloads(downloads);
                alice.register("alice", "password-a");
                bob.register("bob", "password-b");
                alice.login("alice", "password-a");
                bob.login("bob", "password-b");
                alice.locator().call(Command.FRIEND_REQUEST, new FriendRequest("bob", null, null), Map.class);
                bob.locator().call(Command.FRIEND_ACCEPT, new UserRef("alice"), Friend.class);
                Messenger b0 = bob;
                until("alice and bob link", 10, () -> alice.linked().contains("bob") && b0.linked().contains("alice"));

                // Chat alone first: the same round trip with no transfer running, as the baseline,
                // measured after a warm-up so that it is not the compiler's first minutes.
                chat(alice, aliceE, 3, null);
                Samples idle = chat(alice, aliceE, 5, null);

                List<Double> total = new ArrayList<>();
                List<Double> wireOnly = new ArrayList<>();
                long heapGrowth = 0;
                long liveGrowth = 0;
                List<Double> growthPerRound = new ArrayList<>();
                Samples busy = null;
                for (int round = 0; round < ROUNDS; round++) {
                    System.gc();
                    long heapBefore = memory.getHeapMemoryUsage().getUsed();
                    AtomicLong heapMax = new AtomicLong(heapBefore);
                    long liveBefore = liveHeap();
                    AtomicLong liveMax = new AtomicLong(liveBefore);
                    long t0 = System.nanoTime();
                    Transfer t = alice.sendFile("bob", src);
                    Messenger b = bob;
                    until("the offer", 60, () -> bobE.state(t.id()) == TransferState.OFFERED);
                    long tOffer = System.nanoTime();
                    b.acceptFile(t.id(), null);
                    Thread sampler = Thread.ofPlatform().daemon().name("bench-heap-sampler").start(() -> {
                        while (!Thread.currentThread().isInterrupted()) {
                            heapMax.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            liveMax.accumulateAndGet(liveHeap(), Math::max);
                            LockSupport.parkNanos(20_000_000);
                        }
                    });
                    if (round == ROUNDS - 1) {
                        busy = chat(alice, aliceE, 0, () -> bobE.state(t.id()) == TransferState.DONE);
                    }
                    until("the transfer", 600, () -> bobE.state(t.id()) == TransferState.DONE
                            && aliceE.state(t.id()) == TransferState.DONE);
                    long tDone = System.nanoTime();
                    sampler.interrupt();
                    sampler.join();
                    Path got = bobE.transfers.get(t.id()).path();
                    if (Files.size(got) != size || !sha.equals(bobE.transfers.get(t.id()).sha256())) {
                        throw new IllegalStateException("the received file differs");
                    }
                    total.add(size / 1e6 / ((tDone - t0) / 1e9));
                    wireOnly.add(size / 1e6 / ((tDone - tOffer) / 1e9));
                    heapGrowth = Math.max(heapGrowth, heapMax.get() - heapBefore);
                    liveGrowth = Math.max(liveGrowth, liveMax.get() - liveBefore);
                    growthPerRound.add(round((heapMax.get() - heapBefore) / 1048576.0));
                    Files.delete(got);
                    System.err.printf("bench file: round %d: %.0f MB/s end to end, %.0f MB/s after the offer%n", round + 1,
                            total.getLast(), wireOnly.getLast());
                }
                double med = median(total);
                double medWire = median(wireOnly);
                new JsonLine("file", "transfer_end_to_end").put("bytes", size).put("rounds", ROUNDS)
                        .put("mb_per_s_median", med).put("vs_baseline", round(med / baseline))
                        .put("mb_per_s_all", total.stream().map(FileBench::round).toList())
                        .put("includes", "sender's SHA-256 pass, offer, accept, TLS, receiver's SHA-256, fsync, move into place")
                        .put("goal_vs_baseline", 0.35).print();
                new JsonLine("file", "transfer_after_offer").put("bytes", size).put("mb_per_s_median", medWire)
                        .put("vs_baseline", round(medWire / baseline))
                        .put("includes", "accept to verified on disk (TLS, SHA-256, fsync, move)").print();
                new JsonLine("file", "chat_during_transfer").put("rate_per_s", CHAT_RATE)
                        .put("samples", busy.count()).put("p50_ms", busy.percentileMs(50)).put("p99_ms", busy.percentileMs(99))
                        .put("max_ms", busy.percentileMs(100)).put("over_5ms", busy.countOver(5_000_000))
                        .put("idle_p50_ms", idle.percentileMs(50)).put("idle_p99_ms", idle.percentileMs(99))
                        .put("idle_over_5ms", idle.countOver(5_000_000))
                        .put("goal_p99_ms", 5).print();
                new JsonLine("file", "heap_growth_during_transfer").put("bytes", size).put("clients_in_process", 2)
                        .put("growth_mib", round(heapGrowth / 1048576.0)).put("growth_per_round_mib", growthPerRound)
                        .put("live_growth_mib", round(liveGrowth / 1048576.0)).put("goal_mib", 64).print();

                bob = resume(alice, aliceE, bob, bobE, bp, hp, opts, src, downloads);
            } finally {
                if (bob != null) {
                    bob.close();
                }
            }
        }
    }

    /** The receiver quits at 50 % (its partial file stays) and comes back; how much is sent twice, how soon it moves. */
    private Messenger resume(Messenger alice, Ears aliceE, Messenger bob, Ears bobE, Profile bp, HostPort hp,
                             Messenger.Options opts, Path src, Path downloads) throws Exception {
        Transfer t = alice.sendFile("bob", src);
        until("the offer", 60, () -> bobE.state(t.id()) == TransferState.OFFERED);
        Messenger b = bob;
        b.acceptFile(t.id(), null);
        Path partial = TransferManager.partialFor(downloads.resolve(t.name()).toAbsolutePath(), t.id());
        until("half the file", 600, () -> sizeOf(partial) >= size / 2);
        bob.close();
        long kept = sizeOf(partial);
        Ears again = new Ears();
        Messenger back = Messenger.open(bp.dir(), hp, bp.knownLocators().trustFor(hp), Runnable::run, again, opts);
        back.setDownloads(downloads);
        back.login("bob", "password-b");
        until("bob's link is back", 30, () -> back.linked().contains("alice"));
        long tLinked = System.nanoTime();
        until("bytes moving again", 60, () -> sizeOf(partial) > kept || again.state(t.id()) == TransferState.DONE);
        long tMoving = System.nanoTime();
        until("the transfer", 600, () -> again.state(t.id()) == TransferState.DONE
                && aliceE.state(t.id()) == TransferState.DONE);
        long wire = aliceE.progress.get(t.id()) == null ? -1 : aliceE.progress.get(t.id()).wireBytes();
        // The last progress tick may predate the last chunk; the sender's own count is exact.
        wire = Math.max(wire, alice.wireBytes(t.id()));
        new JsonLine("file", "resume_after_receiver_restart").put("bytes", size).put("kept_on_disk", kept)
                .put("bytes_sent", wire).put("sent_twice_bytes", wire - size)
                .put("sent_twice_mib", round((wire - size) / 1048576.0)).put("goal_sent_twice_mib", 1)
                .put("moving_again_ms", round((tMoving - tLinked) / 1e6)).put("goal_moving_again_ms", 1000).print();
        return back;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Text messages at {@link #CHAT_RATE}/s: for {@code seconds}, or while {@code until} is false. */
    /** The heap as the last collection of each pool left it: what is live, not garbage awaiting the collector. */
    private static long liveHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (after != null) {
                sum += after.getUsed();
            }
        }
        return sum;
    }

    private static Samples chat(Messenger alice, Ears e, int seconds, BooleanSupplier until) throws Exception {
        e.roundTrips = new Samples();
        long t0 = System.nanoTime();
        long sent = 0;
        long before = e.delivered.get();
        for (long i = 0; ; i++) {
            long due = t0 + i * 1_000_000_000L / CHAT_RATE;
            if (until != null ? until.getAsBoolean() : due - t0 >= seconds * 1_000_000_000L) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long s = System.nanoTime();
            ChatMessage m = alice.send("bob", "while files move " + i);
            e.started.put(m.id(), s);
            sent++;
        }
        long target = before + sent;
        until("chat deliveries", 30, () -> e.delivered.get() >= target);
        return e.roundTrips;
    }

    private static void until(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bench file: waited " + seconds + " s for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double round(double d) {
        return Math.round(d * 100.0) / 100.0;
    }
}
