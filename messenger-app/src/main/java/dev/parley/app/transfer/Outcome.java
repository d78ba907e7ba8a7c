package dev.parley.app.transfer;

import java.nio.file.Path;

/** How one data connection of a transfer ended. */
sealed interface Outcome {

    /** Every byte arrived and matched the hash (receiver: {@code file} is where it went). */
    record Complete(Path file) implements Outcome {
    }

    /** The connection broke: try again when possible. */
    record Lost(String why) implements Outcome {
    }

    /** This side stopped it (pause, cancel, quit): nothing more to do. */
    record Stopped() implements Outcome {
    }

    /** The other side said no, with a reason (its ERROR frame). */
    record Refused(dev.parley.protocol.ErrorCode code, String why) implements Outcome {
    }

    /** The file as received does not match the sender's SHA-256. */
    record Mismatch(String why) implements Outcome {
    }

    /** The sender's file changed while it was being sent. */
    record Changed(String why) implements Outcome {
    }

    /** This side's disk refused the bytes (full, or another error): the partial is kept. */
    record DiskTrouble(String why) implements Outcome {
    }

    /** The peer broke the rules (offsets, sizes, frames): the transfer is aborted. */
    record Hostile(String why) implements Outcome {
    }
}
