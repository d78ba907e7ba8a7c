package dev.parley.media.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.MediaException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Vp8Test {

    private static final int W = 640;
    private static final int H = 480;

    @Test
    void encodedPicturesDecodeToThePatternTheyWereDrawnFrom() throws Exception {
        try (Vp8Encoder enc = new Vp8Encoder(W, H, 30, 1_000_000); Vp8Decoder dec = new Vp8Decoder()) {
            long bytes = 0;
            double worst = 100;
            for (int i = 0; i < 90; i++) {
                Picture p = Picture.blank(W, H, 1_700_000_000_000L + i * 33L);
                TestPattern.draw(p, i, p.capturedMs());
                List<Encoded> out = enc.encode(p, i == 0);
                assertThat(out).as("zero frames of encoder delay").hasSize(1);
                assertThat(out.getFirst().keyframe()).isEqualTo(i == 0);
                bytes += out.getFirst().data().length;
                Picture got = dec.decode(out.getFirst().data(), p.capturedMs());
                assertThat(got).as("zero frames of decoder delay").isNotNull();
                TestPattern.Stamp s = TestPattern.read(got);
                assertThat(s.counter()).isEqualTo(i);
                assertThat(s.capturedMs()).isEqualTo(p.capturedMs());
                if (i >= 5) {
                    worst = Math.min(worst, Quality.psnr(p, got));
                }
            }
            double kbps = bytes * 8.0 / 3 / 1000;
            assertThat(kbps).as("3 s at 1 Mbit/s").isBetween(500.0, 1300.0);
            assertThat(worst).as("PSNR of every picture after the first few").isGreaterThan(35);
        }
    }

    @Test
    void aLowerBitrateMakesSmallerPicturesAndAskedKeyframesAreKeyframes() throws Exception {
        try (Vp8Encoder enc = new Vp8Encoder(W, H, 30, 1_000_000)) {
            long high = run(enc, 0, 60);
            enc.bitrate(200_000);
            long low = run(enc, 60, 60);
            assertThat(low).isLessThan(high / 3);
            Picture p = Picture.blank(W, H, 0);
            TestPattern.draw(p, 200, 0);
            assertThat(enc.encode(p, true).getFirst().keyframe()).isTrue();
        }
    }

    @Test
    void garbageIsAnErrorNotACrash() throws Exception {
        try (Vp8Decoder dec = new Vp8Decoder()) {
            byte[] junk = new byte[5000];
            new Random(1).nextBytes(junk);
            assertThatThrownBy(() -> dec.decode(junk, 0)).isInstanceOf(MediaException.class).hasMessageContaining("VP8");
        }
    }

    @Test
    void thePatternReadsBackExactly() {
        Picture p = Picture.blank(W, H, 0);
        TestPattern.draw(p, 123_456_789L, 1_763_700_000_123L);
        assertThat(TestPattern.read(p)).isEqualTo(new TestPattern.Stamp(123_456_789L, 1_763_700_000_123L));
    }

    private static long run(Vp8Encoder enc, int from, int n) throws MediaException {
        long bytes = 0;
        for (int i = from; i < from + n; i++) {
            Picture p = Picture.blank(W, H, 0);
            TestPattern.draw(p, i, 0);
            for (Encoded e : enc.encode(p, false)) {
                if (i >= from + 10) {
                    bytes += e.data().length;
                }
            }
        }
        return bytes;
    }
}
