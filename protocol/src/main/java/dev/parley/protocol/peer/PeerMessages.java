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
    public static final String PURPOSE_AUDIO = "audio";
    public static final String PURPOSE_VIDEO = "video";

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

    /** What happened to a call, either way over the direct link (CALL). */
    public enum CallSignal {
        /** The caller rings: {@code video} says whether they want video. */
        INVITE,
        /** The callee's app is ringing. */
        RINGING,
        /** Picked up: {@code video} says whether the callee sends video. */
        ACCEPT,
        REJECT,
        /** The callee is in another call already. */
        BUSY,
        /** Either side ended it (or the callee did not answer in time); {@code reason} says why. */
        HANGUP
    }

    /** CALL: one step of call {@code id}'s signalling. */
    public record Call(String id, CallSignal signal, boolean video, String reason) {
    }

    /**
     * MEDIA_REPORT, receiver to sender on a media connection about once a second: what arrived
     * since the last report, so the sender can adapt its bitrate.
     *
     * @param frames      frames received
     * @param bytes       payload bytes received
     * @param lost        frames missing from the sequence (skipped by the sender or dropped late)
     * @param delayMs     median of (arrival − capture) on the receiver's clock minus its lowest over the call: queueing delay
     * @param keyframe    the receiver cannot decode and asks for a keyframe
     */
    public record MediaReport(long frames, long bytes, long lost, double delayMs, boolean keyframe) {
    }
}
