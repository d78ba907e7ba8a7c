package dev.parley.app.peer;

import dev.parley.protocol.FrameReader;
import java.util.Objects;
import javax.net.ssl.SSLSocket;

/**
 * A direct connection after TLS and both HELLOs: {@code peer} holds the key the locator has for
 * them. {@code purpose} (from the caller's HELLO) says whether it becomes the friend's link or
 * carries one file transfer.
 *
 * @param dialer the username of whichever side opened the connection
 */
public record Authenticated(SSLSocket socket, String peer, String dialer, FrameReader reader, String purpose) {
    public Authenticated {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(dialer, "dialer");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(purpose, "purpose");
    }
}
