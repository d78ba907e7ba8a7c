package dev.parley.app.transfer;

import dev.parley.app.core.LowPriority;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The sender's first step: the whole file's SHA-256, which the offer carries. */
final class Hashing implements Job {

    private final Transfer transfer;
    private final Consumer<TransferRequest> result;
    private final AtomicLong position = new AtomicLong();
    private volatile Thread thread;

    Hashing(Transfer t, Consumer<TransferRequest> result) {
        this.transfer = t;
        this.result = result;
    }

    @Override
    public Transfer transfer() {
        return transfer;
    }

    @Override
    public long position() {
        return position.get();
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().daemon().name("transfer-hash-" + Job.shortId(transfer.id())).start(this::run);
    }

    private void run() {
        LowPriority.lowerPriority();
        try {
            long size = Files.size(transfer.path());
            long mtime = Files.getLastModifiedTime(transfer.path()).toMillis();
            String sha = Sha256.of(transfer.path(), position::set);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            result.accept(new TransferRequest.Prepared(transfer.id(), sha, size, mtime));
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) {
                result.accept(new TransferRequest.PrepareFailed(transfer.id(), "cannot read " + transfer.path() + ": "
                        + e.getMessage()));
            }
        }
    }

    @Override
    public void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
