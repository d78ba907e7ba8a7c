package dev.parley.app.router;

/**
 * Something attached to one lane. The router calls it from one thread at a time (its lane's
 * thread, or the UI executor), so a worker needs no locking for its own state.
 */
public interface Worker extends AutoCloseable {

    Lane lane();

    /** Handles one envelope. Throwing reports the fault; the worker is then replaced or detached. */
    void handle(Envelope envelope) throws Exception;

    /** Called when the lane's queue is momentarily empty: the place to commit or flush a batch. */
    default void endOfBatch() throws Exception {
    }

    /** Frees what the worker holds; called once, on its lane's thread, after it is detached. */
    @Override
    default void close() {
    }
}
