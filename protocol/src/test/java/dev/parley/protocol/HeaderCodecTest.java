package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-sized header writer against the strict reader and against Jackson's own parser. */
class HeaderCodecTest {

    private final HeaderCodec codec = new HeaderCodec();
    private final ObjectMapper jackson = new ObjectMapper();

    private static Header withText(String s, long n) {
        return new Header(FrameType.ERROR, Command.LOOKUP, s, s, s, s, n, 7, ErrorCode.BAD_FRAME, s, n, "UTF-8", s, n,
                n, s, n, Boolean.FALSE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and back\\slash", "tab\tnew\nline\r\u0000\u001f\u007f",
            "中文 مرحبا עברית", "emoji 😀👍🏽", "lone \ud800 high", "lone \udc00 low", "end high \ud83d", "é ß ☃ \uffff"})
    void anyStringSurvivesTheRoundTrip(String s) throws Exception {
        Header h = withText(s, 42);
        byte[] bytes = codec.encode(h);
        assertThat(codec.decode(bytes).header()).isEqualTo(h);
        JsonNode node = jackson.readTree(bytes);
        assertThat(node.get("id").textValue()).isEqualTo(s);
        assertThat(node.size()).isEqualTo(18);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 1234567890123L, 999999999999999999L, 1000000000000000000L,
            Long.MAX_VALUE})
    void integersSurviveTheRoundTrip(long n) throws Exception {
        Header h = withText("x", n);
        assertThat(codec.decode(codec.encode(h)).header()).isEqualTo(h);
        assertThat(jackson.readTree(codec.encode(h)).get("ts").longValue()).isEqualTo(n);
    }

    @Test
    void negativeTimestampsAndTheirExtremesAreWrittenAsNumbers() throws Exception {
        for (long ts : new long[] {-1, -10, Long.MIN_VALUE}) {
            Header h = new Header(FrameType.TEXT, null, "m", null, null, null, ts, 3, null, null, null, "UTF-8");
            assertThat(jackson.readTree(codec.encode(h)).get("ts").longValue()).isEqualTo(ts);
            assertThat(codec.decode(codec.encode(h)).header()).isEqualTo(h);
        }
    }

    @Test
    void absentFieldsAreNotWrittenAndTheOrderIsTheRecords() {
        String json = new String(codec.encode(Header.command(Command.LOOKUP, "c-1", 24)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"COMMAND\",\"command\":\"LOOKUP\",\"id\":\"c-1\",\"length\":24}");
        String media = new String(codec.encode(Header.media(FrameType.VIDEO, 5, 9, 100, true)), StandardCharsets.UTF_8);
        assertThat(media).isEqualTo("{\"type\":\"VIDEO\",\"ts\":9,\"length\":100,\"seq\":5,\"keyframe\":true}");
    }
}
