package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON header bytes to {@link Header} and back. Decoding is strict about the bytes (valid UTF-8,
 * one JSON object, integral non-negative numbers) and lenient about content (unknown fields are
 * ignored; an unknown type or command is reported, not thrown, so the reader can skip the payload
 * and stay in step).
 */
public final class HeaderCodec {

    /** A decoded header; {@code header} is null when the type or command is unknown. */
    public record Decoded(Header header, long length, String rawType, String rawCommand, String id) {
        public boolean known() {
            return header != null;
        }
    }

    private final ObjectMapper mapper = JsonMappers.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public byte[] encode(Header header) {
        try {
            return mapper.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode header " + header, e);
        }
    }

    public Decoded decode(byte[] bytes) throws CorruptFrameException {
        JsonNode node = parse(bytes);
        long length = longField(node, "length", 0L);
        if (length < 0) {
            throw new CorruptFrameException("payload length " + length + " is negative");
        }
        String rawType = textField(node, "type");
        String rawCommand = textField(node, "command");
        String id = textField(node, "id");
        FrameType type = FrameType.fromWire(rawType).orElse(null);
        Command command = rawCommand == null ? null : Command.fromWire(rawCommand).orElse(null);
        if (type == null || (rawCommand != null && command == null)) {
            return new Decoded(null, length, rawType, rawCommand, id);
        }
        String code = textField(node, "code");
        Long fileSize = longField(node, "fileSize", null);
        Long offset = longField(node, "offset", null);
        Long seq = longField(node, "seq", null);
        if ((fileSize != null && fileSize < 0) || (offset != null && offset < 0) || (seq != null && seq < 0)) {
            throw new CorruptFrameException("fileSize " + fileSize + ", offset " + offset + " and seq " + seq
                    + " must not be negative");
        }
        Header header = new Header(
                type,
                command,
                id,
                textField(node, "re"),
                textField(node, "from"),
                textField(node, "to"),
                longField(node, "ts", null),
                length,
                code == null ? null : ErrorCode.fromWire(code),
                textField(node, "error"),
                longField(node, "retryAfterMs", null),
                textField(node, "charset"),
                textField(node, "fileName"),
                fileSize,
                offset,
                textField(node, "sha256"),
                seq,
                boolField(node, "keyframe"));
        return new Decoded(header, length, rawType, rawCommand, id);
    }

    private JsonNode parse(byte[] bytes) throws CorruptFrameException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptFrameException("header is not valid UTF-8 (" + bytes.length + " bytes)", e);
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CorruptFrameException("header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new CorruptFrameException("header must be a JSON object, was "
                    + (node == null ? "empty" : node.getNodeType().name().toLowerCase()));
        }
        return node;
    }

    private static String textField(JsonNode node, String name) throws CorruptFrameException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CorruptFrameException("header field '" + name + "' must be a string, was " + v);
        }
        return v.textValue();
    }

    private static Boolean boolField(JsonNode node, String name) throws CorruptFrameException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new CorruptFrameException("header field '" + name + "' must be true or false, was " + v);
        }
        return v.booleanValue();
    }

    private static Long longField(JsonNode node, String name, Long absent) throws CorruptFrameException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new CorruptFrameException("header field '" + name + "' must be an integer, was " + v);
        }
        return v.longValue();
    }
}
