package dev.parley.app.transfer;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file transfer as stored in the profile's database.
 *
 * @param path        sender: the file being sent; receiver: where it goes once verified (after
 *                    completion, where it went); null until accepted
 * @param partial     receiver: the partial file beside {@code path}; null on the sender
 * @param done        bytes safely on the receiver's disk, as last saved
 * @param error       why it is paused or failed, as a sentence; null otherwise
 * @param sourceMtime sender: the file's modification time when offered (a change fails the transfer)
 */
public record Transfer(String id, String peer, boolean outgoing, String name, long size, String sha256, String mime,
                       Path path, Path partial, TransferState state, long done, String error, long sourceMtime,
                       long createdAt, long updatedAt) {

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    public Transfer with(TransferState s, String why) {
        return new Transfer(id, peer, outgoing, name, size, sha256, mime, path, partial, s, done, why, sourceMtime,
                createdAt, System.currentTimeMillis());
    }

    public Transfer withDone(long bytes) {
        return new Transfer(id, peer, outgoing, name, size, sha256, mime, path, partial, state, bytes, error, sourceMtime,
                createdAt, System.currentTimeMillis());
    }

    public Transfer withPaths(Path p, Path part) {
        return new Transfer(id, peer, outgoing, name, size, sha256, mime, p, part, state, done, error, sourceMtime,
                createdAt, System.currentTimeMillis());
    }

    public Transfer withHash(String sha, long size2, long mtime) {
        return new Transfer(id, peer, outgoing, name, size2, sha, mime, path, partial, state, done, error, mtime,
                createdAt, System.currentTimeMillis());
    }

    /** Whether this looks like a picture the window can show as a thumbnail. */
    public boolean image() {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return (mime != null && mime.startsWith("image/")) || n.endsWith(".png") || n.endsWith(".jpg")
                || n.endsWith(".jpeg") || n.endsWith(".gif") || n.endsWith(".bmp");
    }
}
