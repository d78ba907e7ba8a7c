package dev.parley.app.transfer;

/** One running data connection of a transfer, sending or receiving on a thread of its own. */
interface Job {

    /** The transfer as it was when the job started. */
    Transfer transfer();

    default String id() {
        return transfer().id();
    }

    void start();

    /** Ends it (pause, cancel, quitting): the outcome is then {@link Outcome.Stopped}. */
    void stop();

    /** Bytes of the file on the receiver's disk (receiving) or handed to the socket (sending). */
    long position();

    /** Tells the other side why the connection ends (best effort: it may be gone already). */
    static void tell(dev.parley.protocol.FrameWriter w, dev.parley.protocol.ErrorCode code, String why) {
        try {
            w.write(dev.parley.protocol.Frame.of(dev.parley.protocol.Header.error(null, null, code, why, null)));
            w.flush();
        } catch (java.io.IOException ignored) {
            // the outcome says what happened
        }
    }

    static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }
}
