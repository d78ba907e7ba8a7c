package dev.parley.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioTest {

    @Test
    void opusCarriesAVoiceThrough() throws Exception {
        Voice v = new Voice(150);
        try (OpusEncoder enc = new OpusEncoder(32_000); OpusDecoder dec = new OpusDecoder()) {
            double in = 0;
            double out = 0;
            int packets = 0;
            long bytes = 0;
            for (int i = 0; i < 100; i++) {
                short[] pcm = v.next();
                byte[] p = enc.encode(pcm);
                if (p == null) {
                    continue;
                }
                packets++;
                bytes += p.length;
                short[] back = dec.decode(p);
                assertThat(back).hasSize(Sound.FRAME);
                if (i > 10 && i < 55) {
                    in += Sound.energy(pcm);
                    out += Sound.energy(back);
                }
            }
            assertThat(packets).isGreaterThan(95);
            assertThat(bytes * 8 / 2.0).as("bit/s").isBetween(16_000.0, 48_000.0);
            assertThat(10 * Math.log10(out / in)).as("level through the codec, dB").isBetween(-3.0, 3.0);
        }
    }

    /** The far end talks; its voice comes back into our microphone 60 ms later, 10 dB down. */
    @Test
    void theEchoCancellerRemovesASimulatedSpeakerToMicrophoneEcho() throws Exception {
        EchoMeasure.Result r = EchoMeasure.run(60, 10, false);
        assertThat(r.lag()).as("estimated lag in samples").isBetween(60 * 48 - 200, 60 * 48 + 200);
        assertThat(r.erle()).as("echo return loss enhancement, dB").isGreaterThan(20);
    }

    @Test
    void theLocalVoiceSurvivesWhileBothTalk() throws Exception {
        EchoMeasure.Result r = EchoMeasure.run(100, 6, true);
        // A loud echo (6 dB down) and the local voice every third second: the filter learns in
        // the gaps, so it cancels less than with the far end alone.
        assertThat(r.erle()).as("while only the far end talks").isGreaterThan(10);
        // While both talk the filter stops learning: the near voice must come through no worse than
        // the microphone had it (the local voice is never learned away).
        assertThat(r.nearKeptDb()).as("near voice against the rest, after the canceller minus before, dB")
                .isGreaterThan(-1);
    }

    @Test
    void theNoiseGateQuietsHissAndLetsSpeechThrough() {
        NoiseGate gate = new NoiseGate();
        java.util.Random r = new java.util.Random(3);
        short[] hiss = new short[Sound.FRAME];
        for (int i = 0; i < 30; i++) {
            for (int k = 0; k < hiss.length; k++) {
                hiss[k] = (short) (r.nextGaussian() * 40);
            }
            gate.process(hiss);
        }
        assertThat(Sound.dbfs(gate.process(hiss))).isLessThan(Sound.dbfs(hiss) - 25);
        short[] speech = new Voice(150).next();
        gate.process(speech);
        assertThat(gate.open()).isTrue();
        assertThat(Sound.dbfs(gate.process(speech))).isGreaterThan(Sound.dbfs(speech) - 0.5);
    }

    @Test
    void theJitterBufferPlaysInOrderConcealsGapsAndDropsLateFrames() {
        JitterBuffer jb = new JitterBuffer();
        for (int s = 0; s < 3; s++) {
            jb.put(s, 1000 + s * 20, new byte[] {(byte) s}, 1030 + s * 20);
        }
        assertThat(jb.take().seq()).isEqualTo(0);
        assertThat(jb.take().seq()).isEqualTo(1);
        jb.put(4, 1080, new byte[] {4}, 1110);
        assertThat(jb.take().seq()).isEqualTo(2);
        JitterBuffer.Slot s = jb.take();
        assertThat(s.seq()).isEqualTo(4);
        assertThat(jb.lost()).isEqualTo(1);
        jb.put(3, 1060, new byte[] {3}, 1200);
        assertThat(jb.late()).isEqualTo(1);
        assertThat(jb.take().missing()).isTrue();
        assertThat(jb.underruns()).isEqualTo(1);
    }

    @Test
    void theJitterBufferDeepensForJitteryArrivalsAndStaysShallowForSteadyOnes() {
        JitterBuffer steady = new JitterBuffer();
        JitterBuffer jittery = new JitterBuffer();
        java.util.Random r = new java.util.Random(5);
        for (int s = 0; s < 200; s++) {
            steady.put(s, s * 20L, new byte[1], s * 20L + 5);
            jittery.put(s, s * 20L, new byte[1], s * 20L + 5 + r.nextInt(120));
            steady.take();
            jittery.take();
        }
        assertThat(steady.target()).isLessThanOrEqualTo(2);
        assertThat(jittery.target()).isGreaterThanOrEqualTo(6);
    }
}
