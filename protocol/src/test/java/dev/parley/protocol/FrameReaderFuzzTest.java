package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes at all: the reader returns frames, ends cleanly, or throws a {@link ProtocolException};
 * never another exception, never a frame whose payload differs from its declared length. Runs its
 * committed corpus ({@code FrameReaderFuzzTestInputs/}) in every {@code ./parley test}; see the
 * README for fuzzing longer.
 */
class FrameReaderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void readerNeverFailsOtherThanWithAProtocolException(byte[] input) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input));
        for (int i = 0; i < 64; i++) {
            Frame f;
            try {
                f = reader.read();
            } catch (ProtocolException e) {
                assertThat(e.getMessage()).isNotBlank();
                assertThat(e.code()).isNotNull();
                if (!e.recoverable()) {
                    return;
                }
                continue;
            }
            if (f == null) {
                return;
            }
            assertThat((long) f.payload().length).isEqualTo(f.header().length());
            assertThat((long) f.payload().length).isLessThanOrEqualTo(Limits.DEFAULT.maxPayload(f.type()));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void headerDecoderOnlyRejectsWithCorruptFrame(byte[] input) {
        HeaderCodec codec = new HeaderCodec();
        try {
            HeaderCodec.Decoded d = codec.decode(input);
            assertThat(d.length()).isNotNegative();
            if (d.known()) {
                // whatever decodes must encode and decode to the same header
                assertThat(codec.decode(codec.encode(d.header())).header()).isEqualTo(d.header());
            }
        } catch (CorruptFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
