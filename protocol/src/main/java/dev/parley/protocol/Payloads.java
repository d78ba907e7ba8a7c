package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** JSON object payloads of COMMAND and OK frames, to and from the message records. */
public final class Payloads {

    private final ObjectMapper mapper = JsonMappers.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A body encoded once and sent many times as it is; nobody may change the bytes. */
    public record Encoded(byte[] json) {
    }

    public byte[] encode(Object body) {
        if (body instanceof Encoded e) {
            return e.json();
        }
        if (body instanceof Map<?, ?> m && m.isEmpty()) {
            // the most common body by far (heartbeats and their replies), without a generator per call
            return new byte[] {'{', '}'};
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    /** Decodes a payload; an empty payload reads as {@code {}}. A bad one is a recoverable BAD_REQUEST. */
    public <T> T decode(Frame frame, Class<T> type) throws ProtocolException {
        byte[] bytes = frame.payload().length == 0 ? new byte[] {'{', '}'} : frame.payload();
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "payload must be a JSON object", true);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    "bad " + type.getSimpleName() + " payload: " + e.getOriginalMessage(), true, e);
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "unreadable payload: " + e.getMessage(), true, e);
        }
    }

    /** A frame of the given header carrying {@code body} as its payload. */
    public Frame frame(Header header, Object body) {
        byte[] payload = encode(body);
        return new Frame(header.withLength(payload.length), payload);
    }
}
