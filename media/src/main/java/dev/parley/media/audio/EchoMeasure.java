package dev.parley.media.audio;

import dev.parley.media.MediaException;

/**
 * The echo canceller on a simulated room, offline and repeatable: a far-end voice through Opus
 * is played, comes back into the microphone through an {@link EchoPath}, optionally over a local
 * voice, and the canceller's output is compared with its input. Used by tests and by
 * {@code ./parley bench call}.
 */
public final class EchoMeasure {

    private EchoMeasure() {
    }

    /**
     * @param erle        echo return loss enhancement over frames where only the far end talks, dB (first 5 s left out)
     * @param lag         the lag the canceller found, samples
     * @param nearKeptDb  while both talk: near voice against the rest after the canceller, minus before, dB
     */
    public record Result(double erle, int lag, double nearKeptDb) {
    }


    public static Result run(int delayMs, double lossDb, boolean nearTalks) throws MediaException {
        Voice far = new Voice(210, 1500, 500, 0.12);
        Voice near = new Voice(120, 700, 2300, 0.1);
        EchoPath room = new EchoPath(delayMs, lossDb);
        EchoCanceller aec = new EchoCanceller();
        AudioSink speaker = room.speaker(new CountingSink());
        double micE = 0;
        double outE = 0;
        double nearIn = 0;
        double restMic = 0;
        double restOut = 0;
        try (OpusEncoder enc = new OpusEncoder(32_000); OpusDecoder dec = new OpusDecoder()) {
            for (int i = 0; i < 15 * 50; i++) {
                byte[] p = enc.encode(far.next());
                short[] played = p == null ? new short[Sound.FRAME] : dec.decode(p);
                speaker.play(played);
                aec.farEnd(played);
                short[] nearPcm = nearTalks ? near.next() : new short[Sound.FRAME];
                short[] mic = room.mix(nearPcm);
                short[] out = aec.process(mic);
                if (i < 5 * 50) {
                    continue;
                }
                boolean nearActive = Sound.dbfs(nearPcm) > -60;
                if (!nearActive) {
                    micE += Sound.energy(mic);
                    outE += Sound.energy(out);
                } else {
                    for (int k = 0; k < out.length; k++) {
                        restMic += Math.pow(mic[k] - nearPcm[k], 2);
                        restOut += Math.pow(out[k] - nearPcm[k], 2);
                    }
                    nearIn += Sound.energy(nearPcm);
                }
            }
        }
        double kept = nearIn == 0 ? 0 : 10 * Math.log10(Math.max(restMic, 1e-9) / Math.max(restOut, 1e-9));
        return new Result(10 * Math.log10(micE / Math.max(outE, 1e-9)), aec.lag(), kept);
    }

}
