package dev.parley.app.transfer;

/** One running data connection of a transfer, sending or receiving on a thread of its own. */
interface Job {

    /** The transfer's id. */
    String id();

    void start();

    /** Ends it (pause, cancel, quitting): the outcome is then {@link Outcome.Stopped}. */
    void stop();

    /** Bytes of the file on the receiver's disk (receiving) or handed to the socket (sending). */
    long position();

    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
