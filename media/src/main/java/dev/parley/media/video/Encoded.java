package dev.parley.media.video;

/** One compressed picture as the encoder gave it. */
public record Encoded(byte[] data, boolean keyframe, long capturedMs) {
}
