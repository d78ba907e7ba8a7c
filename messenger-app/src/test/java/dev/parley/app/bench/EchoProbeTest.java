package dev.parley.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoProbeTest {

    @TempDir
    Path dir;

    @Test
    void plainAndTlsTimeEachRoundTripAsItReturns() throws Exception {
        try (EchoProbe plain = EchoProbe.plain(200); EchoProbe tls = EchoProbe.tls(200)) {
            Samples p = new Samples();
            Samples t = new Samples();
            for (int i = 0; i < 20; i++) {
                plain.once(p);
                tls.once(t);
                tls.once(null); // warm-up: not timed
            }
            assertThat(p.count()).isEqualTo(20);
            assertThat(t.count()).isEqualTo(20);
            assertThat(p.percentileMs(0)).isPositive();
            assertThat(t.percentileMs(0)).isPositive();
        }
    }

    @Test
    void theSkeletonAppendsOnBothSidesAndItsReaderTimesEveryReply() throws Exception {
        Samples s = new Samples();
        try (EchoProbe skeleton = EchoProbe.skeleton(200, dir)) {
            for (int i = 0; i < 5; i++) {
                skeleton.once(null);
            }
            for (int i = 0; i < 20; i++) {
                skeleton.once(s);
            }
            skeleton.awaitReplies();
        }
        assertThat(s.count()).isEqualTo(20);
        assertThat(s.percentileMs(0)).isPositive();
        assertThat(Files.size(dir.resolve("probe-own.log"))).isEqualTo(25 * 320L);
        assertThat(Files.size(dir.resolve("probe-echo.log"))).isEqualTo(25 * 320L);
    }
}
