package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON header of a frame. Only {@code type} is required; {@code length} (default 0) is the
 * payload size. Absent fields are null and not written. Unknown fields are ignored on read.
 *
 * @param type         what the payload is
 * @param command      for COMMAND frames, and echoed in OK/ERROR replies
 * @param id           unique id of this frame (requests, messages)
 * @param re           the id this frame answers (OK, ERROR, ACK)
 * @param from         sending user, where it matters
 * @param to           receiving user, where it matters
 * @param ts           sender's clock, epoch milliseconds
 * @param length       payload length in bytes
 * @param code         ERROR only: machine-readable reason
 * @param error        ERROR only: human-readable reason
 * @param retryAfterMs ERROR RATE_LIMITED only: when to try again
 * @param charset      text payloads: always "UTF-8" when present
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Header(
        FrameType type,
        Command command,
        String id,
        String re,
        String from,
        String to,
        Long ts,
        long length,
        ErrorCode code,
        String error,
        Long retryAfterMs,
        String charset) {

    public Header {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
    }

    public static Header command(Command command, String id, long length) {
        return new Header(FrameType.COMMAND, command, id, null, null, null, null, length, null, null, null, null);
    }

    public static Header ok(Command command, String re, long length) {
        return new Header(FrameType.OK, command, null, re, null, null, null, length, null, null, null, null);
    }

    public static Header error(Command command, String re, ErrorCode code, String error, Long retryAfterMs) {
        return new Header(FrameType.ERROR, command, null, re, null, null, null, 0, code, error, retryAfterMs, null);
    }

    public Header withLength(long newLength) {
        return new Header(type, command, id, re, from, to, ts, newLength, code, error, retryAfterMs, charset);
    }
}
