package dev.parley.media.call;

/**
 * A call's quality over the last second.
 *
 * @param videoOut     what we sent
 * @param videoIn      what we received and decoded
 * @param audioIn      what we received and played
 * @param targetKbps   the video bitrate we aim at now
 * @param rttMs        round trip on the audio connection, ms (NaN before the first answer)
 * @param camera       the camera (or stand-in) in use
 * @param microphone   the microphone (or stand-in) in use
 */
public record CallStats(StreamStats videoOut, StreamStats videoIn, StreamStats audioIn, double targetKbps,
                        double rttMs, String camera, String microphone) {
}
