package dev.parley.media.audio;

import java.io.IOException;

/** A microphone, or something standing in for one: 20 ms frames at the pace they are captured. */
public interface AudioSource extends AutoCloseable {

    /** What to show the user: the device's name, or what stands in for it. */
    String name();

    /** Blocks until the next 20 ms frame has been captured. */
    AudioChunk read() throws IOException, InterruptedException;

    @Override
    void close();
}
