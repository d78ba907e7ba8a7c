package dev.parley.media.audio;

/** A speaker, or something standing in for one. Called every 20 ms by one playout thread. */
public interface AudioSink extends AutoCloseable {

    String name();

    /** Plays one 20 ms frame; must not block for long (a sound card's buffer absorbs it). */
    void play(short[] pcm);

    /** How much sound is queued in the device and not yet heard, in ms (0 for a synthetic sink). */
    default int queuedMs() {
        return 0;
    }

    @Override
    void close();
}
