package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON header bytes to {@link Header} and back. Decoding is strict about the bytes (valid UTF-8,
 * one JSON object, integral non-negative numbers) and lenient about content (unknown fields are
 * ignored, a repeated field's last value counts; an unknown type or command is reported, not
 * thrown, so the reader can skip the payload and stay in step).
 *
 * <p>Reads with Jackson's streaming parser straight into the record, without a tree or a
 * data-binding context, and writes with {@link HeaderJson}: every frame passes through here, and on
 * the locator the garbage per request sets how often the collector pauses.
 */
public final class HeaderCodec {

    /** A decoded header; {@code header} is null when the type or command is unknown. */
    public record Decoded(Header header, long length, String rawType, String rawCommand, String id) {
        public boolean known() {
            return header != null;
        }
    }

    private final JsonFactory json = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();

    public byte[] encode(Header h) {
        return HeaderJson.write(h, 0, 0);
    }

    /**
     * A frame's bytes around its header: {@code before} free bytes, the header's JSON, {@code after}
     * free bytes; the JSON's length is the array's less both.
     */
    byte[] encode(Header h, int before, int after) {
        return HeaderJson.write(h, before, after);
    }

    public Decoded decode(byte[] bytes) throws CorruptFrameException {
        checkUtf8(bytes);
        Fields f = new Fields();
        try (JsonParser p = json.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new CorruptFrameException("header must be a JSON object, was " + kind(first));
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                p.nextToken();
                f.read(name, p);
            }
            if (p.nextToken() != null) {
                throw new CorruptFrameException("header is not valid JSON: more follows the object");
            }
        } catch (CorruptFrameException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new CorruptFrameException("header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
        return f.decoded();
    }

    /** Jackson checks the bytes of strings only loosely (overlong forms pass), so the JDK checks any that are not ASCII. */
    private static void checkUtf8(byte[] bytes) throws CorruptFrameException {
        for (byte b : bytes) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes));
                    return;
                } catch (CharacterCodingException e) {
                    throw new CorruptFrameException("header is not valid UTF-8 (" + bytes.length + " bytes)", e);
                }
            }
        }
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "empty";
        }
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }

    /** The value under the parser, as a message shows it. */
    private static String shown(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> '"' + p.getText() + '"';
            default -> p.getText();
        };
    }

    /** The fields of one header as they are read; unknown ones are skipped whole. */
    private static final class Fields {
        String type, command, id, re, from, to, code, error, charset, fileName, sha256;
        Long ts, length, retryAfterMs, fileSize, offset, seq;
        Boolean keyframe;

        void read(String name, JsonParser p) throws IOException {
            switch (name) {
                case "type" -> type = text(name, p);
                case "command" -> command = text(name, p);
                case "id" -> id = text(name, p);
                case "re" -> re = text(name, p);
                case "from" -> from = text(name, p);
                case "to" -> to = text(name, p);
                case "code" -> code = text(name, p);
                case "error" -> error = text(name, p);
                case "charset" -> charset = text(name, p);
                case "fileName" -> fileName = text(name, p);
                case "sha256" -> sha256 = text(name, p);
                case "ts" -> ts = integer(name, p);
                case "length" -> length = integer(name, p);
                case "retryAfterMs" -> retryAfterMs = integer(name, p);
                case "fileSize" -> fileSize = integer(name, p);
                case "offset" -> offset = integer(name, p);
                case "seq" -> seq = integer(name, p);
                case "keyframe" -> keyframe = bool(name, p);
                default -> p.skipChildren();
            }
        }

        Decoded decoded() throws CorruptFrameException {
            long len = length == null ? 0L : length;
            if (len < 0) {
                throw new CorruptFrameException("payload length " + len + " is negative");
            }
            FrameType t = FrameType.fromWire(type).orElse(null);
            Command c = command == null ? null : Command.fromWire(command).orElse(null);
            if (t == null || (command != null && c == null)) {
                return new Decoded(null, len, type, command, id);
            }
            if ((fileSize != null && fileSize < 0) || (offset != null && offset < 0) || (seq != null && seq < 0)) {
                throw new CorruptFrameException("fileSize " + fileSize + ", offset " + offset + " and seq " + seq
                        + " must not be negative");
            }
            Header h = new Header(t, c, id, re, from, to, ts, len, code == null ? null : ErrorCode.fromWire(code), error,
                    retryAfterMs, charset, fileName, fileSize, offset, sha256, seq, keyframe);
            return new Decoded(h, len, type, command, id);
        }

        private static String text(String name, JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> p.getText();
                default -> throw wrong(name, "a string", p);
            };
        }

        private static Boolean bool(String name, JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw wrong(name, "true or false", p);
            };
        }

        private static Long integer(String name, JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NULL -> null;
                case VALUE_NUMBER_INT -> {
                    JsonParser.NumberType n = p.getNumberType();
                    if (n != JsonParser.NumberType.INT && n != JsonParser.NumberType.LONG) {
                        throw wrong(name, "an integer", p);
                    }
                    yield p.getLongValue();
                }
                default -> throw wrong(name, "an integer", p);
            };
        }

        private static CorruptFrameException wrong(String name, String what, JsonParser p) throws IOException {
            return new CorruptFrameException("header field '" + name + "' must be " + what + ", was " + shown(p));
        }
    }
}
