package dev.parley.app.call;

import java.util.Locale;

/**
 * A call as the user sees it.
 *
 * @param video      whether video was asked for (invite) or agreed (once active)
 * @param startedAt  when it became ACTIVE, epoch ms (0 before)
 * @param reason     for ENDED: why, in a sentence; otherwise null
 */
public record Call(String id, String peer, boolean outgoing, boolean video, CallState state, long startedAt,
                   String reason) {

    Call with(CallState s, String why) {
        return new Call(id, peer, outgoing, video, s, s == CallState.ACTIVE && startedAt == 0 ? System.currentTimeMillis()
                : startedAt, why);
    }

    Call withVideo(boolean v) {
        return new Call(id, peer, outgoing, v, state, startedAt, reason);
    }

    public String kind() {
        return video ? "video" : "voice";
    }

    @Override
    public String toString() {
        return kind() + " call " + (outgoing ? "to " : "from ") + peer + ": " + state.name().toLowerCase(Locale.ROOT)
                + (reason == null ? "" : " (" + reason + ")");
    }
}
