package dev.parley.app.router;

/** What a full lane does with one more envelope. */
public enum Overflow {
    /**
     * The producer waits for room, up to the router's block timeout, then the envelope is refused
     * ({@link Router#send} returns false and the fault is reported). Right for the store and the
     * senders: what they carry is also in the history, so a refused envelope is retried from there.
     */
    BLOCK,
    /**
     * Never blocks the producer. Bulk envelopes (progress) are dropped; anything else is dropped
     * too, but the worker is then handed a {@link Resync} first so it reloads what it shows from
     * the store. Right for the UI: a slow window must never stall the network.
     */
    DROP_AND_RESYNC
}
