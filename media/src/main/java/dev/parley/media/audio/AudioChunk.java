package dev.parley.media.audio;

/** 20 ms of sound, and when its first sample was captured (capturing computer's clock, epoch ms). */
public record AudioChunk(short[] pcm, long capturedMs) {
}
