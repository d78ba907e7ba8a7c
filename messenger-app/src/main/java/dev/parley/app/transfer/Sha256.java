package dev.parley.app.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** SHA-256 of files, as lowercase hex. */
public final class Sha256 {

    static final int BUFFER = 1 << 20;

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static boolean valid(String hex) {
        return hex != null && hex.matches("[0-9a-f]{64}");
    }

    /** Hashes the whole file, telling {@code progress} the bytes read so far; stops if the thread is interrupted. */
    public static String of(Path file, LongConsumer progress) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[BUFFER];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(bb.clear())) > 0; ) {
                md.update(buf, 0, n);
                total += n;
                progress.accept(total);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("stopped hashing " + file.getFileName());
                }
            }
        }
        return hex(md.digest());
    }
}
