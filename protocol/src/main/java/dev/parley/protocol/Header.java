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
 * @param fileName     file transfers: the name offered (the receiver sanitizes it)
 * @param fileSize     file transfers: the whole file's size in bytes
 * @param offset       FILE frames: where in the file this chunk (or the request) starts
 * @param sha256       file transfers: the whole file's SHA-256, lowercase hex
 * @param seq          VIDEO and AUDIO frames: the stream's frame number (gaps are frames the sender skipped)
 * @param keyframe     VIDEO frames: true when the picture decodes on its own
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
        String charset,
        String fileName,
        Long fileSize,
        Long offset,
        String sha256,
        Long seq,
        Boolean keyframe) {

    public Header {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        if ((fileSize != null && fileSize < 0) || (offset != null && offset < 0) || (seq != null && seq < 0)) {
            throw new IllegalArgumentException("fileSize, offset and seq must be >= 0, were " + fileSize + ", " + offset
                    + " and " + seq);
        }
    }

    /** A header without media fields. */
    public Header(FrameType type, Command command, String id, String re, String from, String to, Long ts, long length,
                  ErrorCode code, String error, Long retryAfterMs, String charset, String fileName, Long fileSize,
                  Long offset, String sha256) {
        this(type, command, id, re, from, to, ts, length, code, error, retryAfterMs, charset, fileName, fileSize, offset,
                sha256, null, null);
    }

    /** A header without file fields. */
    public Header(FrameType type, Command command, String id, String re, String from, String to, Long ts, long length,
                  ErrorCode code, String error, Long retryAfterMs, String charset) {
        this(type, command, id, re, from, to, ts, length, code, error, retryAfterMs, charset, null, null, null, null,
                null, null);
    }

    /** A VIDEO or AUDIO frame: frame {@code seq} of its stream, captured at {@code capturedMs} (sender's clock). */
    public static Header media(FrameType type, long seq, long capturedMs, long length, boolean keyframe) {
        return new Header(type, null, null, null, null, null, capturedMs, length, null, null, null, null, null, null,
                null, null, seq, keyframe ? Boolean.TRUE : null);
    }

    /** A FILE frame: a chunk of {@code length} bytes at {@code offset} of transfer {@code id} (or, with length 0, a request to send from there). */
    public static Header chunk(String id, long offset, long length) {
        return new Header(FrameType.FILE, null, id, null, null, null, null, length, null, null, null, null, null, null, offset, null);
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
        return new Header(type, command, id, re, from, to, ts, newLength, code, error, retryAfterMs, charset,
                fileName, fileSize, offset, sha256, seq, keyframe);
    }
}
