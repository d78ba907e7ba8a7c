package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameReaderTest {

    private static FrameReader reader(byte[] bytes) {
        return new FrameReader(new ByteArrayInputStream(bytes));
    }

    private static Frame text(String id, String body) {
        byte[] p = body.getBytes(StandardCharsets.UTF_8);
        Header h = new Header(FrameType.TEXT, null, id, null, "alice", "bob", 1700000000000L, p.length,
                null, null, null, "UTF-8");
        return new Frame(h, p);
    }

    @Test
    void roundTripsEveryFieldAndPreservesUnicode() throws IOException {
        Frame sent = text("m1", "你好 👋 שלום");
        Frame got = reader(Bytes.encode(sent)).read();
        assertThat(got.header()).isEqualTo(sent.header());
        assertThat(new String(got.payload(), StandardCharsets.UTF_8)).isEqualTo("你好 👋 שלום");
    }

    @Test
    void readsFramesFedOneByteAtATime() throws IOException {
        byte[] bytes = Bytes.concat(Bytes.encode(text("a", "first")), Bytes.encode(text("b", "second")),
                Bytes.encode(Frame.of(Header.command(Command.HEARTBEAT, "c", 0))));
        FrameReader r = new FrameReader(Bytes.trickle(bytes));
        assertThat(new String(r.read().payload(), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(r.read().header().id()).isEqualTo("b");
        Frame hb = r.read();
        assertThat(hb.command()).isEqualTo(Command.HEARTBEAT);
        assertThat(hb.payload()).isEmpty();
        assertThat(r.read()).isNull();
    }

    @Test
    void cleanEndBetweenFramesIsNull() throws IOException {
        assertThat(reader(new byte[0]).read()).isNull();
    }

    @Test
    void everyTruncationIsACorruptFrameNamingHowFarItGot() throws IOException {
        byte[] whole = Bytes.encode(text("t", "payload!"));
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> reader(part).read())
                    .as("cut at %d of %d", cut, whole.length)
                    .isInstanceOf(CorruptFrameException.class)
                    .hasMessageContaining("stream ended after");
        }
        assertThatThrownBy(() -> reader(Arrays.copyOf(whole, 2)).read())
                .hasMessage("stream ended after 2 of 4 header length bytes");
    }

    @Test
    void headerAtLimitIsReadAndOnePastIsRefusedBeforeAllocating() throws IOException {
        String base = "{\"type\":\"PING\",\"pad\":\"";
        int fill = Limits.MAX_HEADER - base.length() - 2;
        String atLimit = base + "x".repeat(fill) + "\"}";
        assertThat(atLimit.length()).isEqualTo(Limits.MAX_HEADER);
        assertThat(reader(Bytes.frame(atLimit, new byte[0])).read().type()).isEqualTo(FrameType.PING);

        String overLimit = base + "x".repeat(fill + 1) + "\"}";
        assertThatThrownBy(() -> reader(Bytes.frame(overLimit, new byte[0])).read())
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessage("header length 65,537 exceeds limit 65,536");
    }

    @Test
    void absurdHeaderLengthIsRefusedWithBothNumbers() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '{'};
        assertThatThrownBy(() -> reader(bytes).read())
                .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
                    assertThat(e.declared()).isEqualTo(4_294_967_295L);
                    assertThat(e.limit()).isEqualTo(65_536L);
                    assertThat(e.recoverable()).isFalse();
                    assertThat(e.code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
                })
                .hasMessage("header length 4,294,967,295 exceeds limit 65,536");
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void payloadAtEachTypesLimitIsReadAndOnePastIsRefused(FrameType type) throws IOException {
        int limit = type.maxPayload();
        String header = "{\"type\":\"" + type + "\",\"length\":" + limit + "}";
        Frame f = reader(Bytes.frame(header, new byte[limit])).read();
        assertThat(f.payload()).hasSize(limit);

        String over = "{\"type\":\"" + type + "\",\"length\":" + (limit + 1) + "}";
        // No payload bytes follow: the reader must refuse from the declared number alone.
        assertThatThrownBy(() -> reader(Bytes.frame(over, new byte[0])).read())
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessage(String.format("payload length of %s frame %,d exceeds limit %,d", type, limit + 1, limit));
    }

    @Test
    void negativeAndNonIntegralLengthsAreCorrupt() {
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"TEXT\",\"length\":-5}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessage("payload length -5 is negative");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"TEXT\",\"length\":1.5}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("'length' must be an integer");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"TEXT\",\"length\":99999999999999999999999}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("'length' must be an integer");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"TEXT\",\"length\":\"5\"}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class);
    }

    @Test
    void zeroHeaderLengthIsCorrupt() {
        assertThatThrownBy(() -> reader(new byte[] {0, 0, 0, 0}).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("header length 0");
    }

    @Test
    void invalidUtf8AndInvalidJsonAreCorrupt() {
        byte[] badUtf8 = {'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> reader(Bytes.frame(badUtf8, new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("not valid UTF-8");
        byte[] overlong = {'{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
        assertThatThrownBy(() -> reader(Bytes.frame(overlong, new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"PING\"", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> reader(Bytes.frame("[1,2]", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessage("header must be a JSON object, was array");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":\"PING\"} {}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> reader(Bytes.frame("{\"type\":7}", new byte[0])).read())
                .isInstanceOf(CorruptFrameException.class).hasMessageContaining("'type' must be a string");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        String h = "{\"type\":\"TEXT\",\"id\":\"x\",\"length\":2,\"futureField\":{\"a\":[1,2,3]},\"zz\":null}";
        Frame f = reader(Bytes.frame(h, "hi".getBytes(StandardCharsets.UTF_8))).read();
        assertThat(f.header().id()).isEqualTo("x");
        assertThat(new String(f.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void unknownTypeOrCommandIsRecoverableAndTheNextFrameStillReads() throws IOException {
        byte[] bytes = Bytes.concat(
                Bytes.frame("{\"type\":\"HOLOGRAM\",\"id\":\"h1\",\"length\":3}", new byte[] {1, 2, 3}),
                Bytes.frame("{\"type\":\"COMMAND\",\"command\":\"TELEPORT\",\"id\":\"c1\",\"length\":2}", "{}".getBytes()),
                Bytes.frame("{\"id\":\"n1\"}", new byte[0]),
                Bytes.encode(text("good", "still here")));
        FrameReader r = new FrameReader(Bytes.trickle(bytes));
        List<ProtocolException> errors = new ArrayList<>();
        Frame good = null;
        while (good == null) {
            try {
                good = r.read();
            } catch (UnknownTypeException e) {
                assertThat(e.recoverable()).isTrue();
                errors.add(e);
            }
        }
        assertThat(errors).extracting(ProtocolException::code)
                .containsExactly(ErrorCode.UNKNOWN_TYPE, ErrorCode.UNKNOWN_COMMAND, ErrorCode.UNKNOWN_TYPE);
        assertThat(errors).extracting(Throwable::getMessage)
                .containsExactly("unknown frame type 'HOLOGRAM'", "unknown command 'TELEPORT'", "frame has no type");
        assertThat(((UnknownTypeException) errors.get(0)).partial().id()).isEqualTo("h1");
        assertThat(new String(good.payload(), StandardCharsets.UTF_8)).isEqualTo("still here");
    }

    @Test
    void unknownTypeWithAnOversizedPayloadIsNotSkippedBlindly() {
        String h = "{\"type\":\"HOLOGRAM\",\"length\":" + (Limits.DEFAULT.maxPayloadUnknownType() + 1) + "}";
        assertThatThrownBy(() -> reader(Bytes.frame(h, new byte[0])).read())
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessage("payload length of HOLOGRAM frame 65,537 exceeds limit 65,536");
    }

    @Test
    void writerRefusesAFrameThePeerWouldRefuse() {
        Frame big = new Frame(new Header(FrameType.TEXT, null, "x", null, null, null, null, 0, null, null, null, null),
                new byte[FrameType.TEXT.maxPayload() + 1]);
        assertThatThrownBy(() -> Bytes.encode(big))
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessage("payload length of TEXT frame 65,537 exceeds limit 65,536");
    }

    @Test
    void largeFramesAreWrittenInPartsAndReadWhole() throws IOException {
        byte[] chunk = new byte[FrameType.FILE.maxPayload()];
        Arrays.fill(chunk, (byte) 7);
        Frame f = new Frame(new Header(FrameType.FILE, null, "f", null, null, null, null, 0, null, null, null, null), chunk);
        Frame got = new FrameReader(Bytes.trickle(Bytes.encode(f))).read();
        assertThat(got.payload()).isEqualTo(chunk);
    }

    /** The worked example in docs/protocol.md; if this changes, change the document. */
    @Test
    void documentedHexExample() throws IOException {
        Payloads payloads = new Payloads();
        Frame f = payloads.frame(Header.command(Command.LOOKUP, "7", 0), Map.of("username", "bob"));
        String hex = HexFormat.of().formatHex(Bytes.encode(f));
        assertThat(hex).isEqualTo("0000003a"
                + HexFormat.of().formatHex("{\"type\":\"COMMAND\",\"command\":\"LOOKUP\",\"id\":\"7\",\"length\":18}".getBytes())
                + HexFormat.of().formatHex("{\"username\":\"bob\"}".getBytes()));
    }
}
