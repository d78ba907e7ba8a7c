package dev.parley.app.router;

/** Handed to a DROP_AND_RESYNC worker after its lane dropped envelopes: reload, do not trust increments. */
public record Resync(long dropped) {
}
