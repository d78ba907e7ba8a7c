package dev.parley.app.call;

import dev.parley.app.peer.Authenticated;
import dev.parley.protocol.peer.PeerMessages;

/** What the media lane is asked to do: by the user, by a friend's link, or by its own timers and threads. */
public sealed interface CallRequest {

    // from the user
    record Start(String peer, boolean video) implements CallRequest {
    }

    record Answer(boolean video) implements CallRequest {
    }

    record Reject() implements CallRequest {
    }

    record Hangup() implements CallRequest {
    }

    record Mute(boolean muted) implements CallRequest {
    }

    record Camera(boolean on) implements CallRequest {
    }

    // from a friend's link
    record Signalled(String peer, PeerMessages.Call call) implements CallRequest {
    }

    record LinkDown(String peer, String reason) implements CallRequest {
    }

    /** A friend dialled one of a call's media connections; its first frame named the call. */
    record MediaIncoming(Authenticated connection, String callId) implements CallRequest {
    }

    // from the lane's own threads
    record MediaDialled(String callId, Authenticated audio, Authenticated video) implements CallRequest {
    }

    record Ended(String callId, String why) implements CallRequest {
    }

    record Timeout(String callId, CallState expected) implements CallRequest {
    }

    record Tick() implements CallRequest {
    }
}
