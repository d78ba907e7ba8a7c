package dev.parley.media.video;

/** Where pictures are shown (the call window); called on a media thread, must not block. */
@FunctionalInterface
public interface VideoView {

    VideoView NONE = p -> { };

    void show(Picture p);
}
