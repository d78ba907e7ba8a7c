package dev.parley.app.router;

/** A worker threw, or a lane refused an envelope. */
public record Fault(Lane lane, String what, Throwable cause) {
}
