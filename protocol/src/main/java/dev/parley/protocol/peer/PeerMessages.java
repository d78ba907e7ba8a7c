package dev.parley.protocol.peer;

import java.util.List;

/**
 * Payloads of direct client-to-client links (see docs/protocol.md, "Direct links"). TEXT frames
 * carry raw UTF-8; ACK, PING and PONG carry nothing.
 */
public final class PeerMessages {

    /** The version this code speaks in HELLO. */
    public static final int VERSION = 1;

    private PeerMessages() {
    }

    /** The first frame each side sends after the TLS handshake. */
    public record Hello(String username, int version, List<String> capabilities) {
        public Hello {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        }
    }
}
