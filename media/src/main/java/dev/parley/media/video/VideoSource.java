package dev.parley.media.video;

import java.io.IOException;

/** A camera, or the test pattern standing in for one. */
public interface VideoSource extends AutoCloseable {

    /** What to show the user: the camera's name, or what stands in for it. */
    String name();

    /** Blocks until the next picture is captured; it is never one handed out before. */
    Picture capture() throws IOException, InterruptedException;

    @Override
    void close();
}
