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

    /** What a direct connection is for, said in the caller's HELLO. */
    public static final String PURPOSE_LINK = "link";
    public static final String PURPOSE_FILE = "file";

    /**
     * The first frame each side sends after the TLS handshake.
     *
     * @param purpose the caller's: {@link #PURPOSE_LINK} (also when absent) or {@link #PURPOSE_FILE}
     */
    public record Hello(String username, int version, List<String> capabilities, String purpose) {
        public Hello {
            capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
            purpose = purpose == null ? PURPOSE_LINK : purpose;
        }

        public Hello(String username, int version, List<String> capabilities) {
            this(username, version, capabilities, PURPOSE_LINK);
        }
    }

    /**
     * FILE_OFFER, sender to receiver over the direct link; sent again with the same id whenever the
     * link comes back until the receiver has answered for good.
     */
    public record FileOffer(String id, String name, long size, String sha256, String mime) {
    }

    /** What a transfer's state became, either way over the direct link (FILE_STATE). */
    public enum TransferSignal {
        ACCEPTED, DECLINED, PAUSED, RESUMED, CANCELLED, DONE, FAILED
    }

    /** FILE_STATE: {@code reason} is a sentence for the other person, or null. */
    public record FileState(String id, TransferSignal state, String reason) {
    }
}
