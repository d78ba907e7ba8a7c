package dev.parley.app.transfer;

import dev.parley.app.peer.Authenticated;
import dev.parley.protocol.peer.PeerMessages.FileOffer;
import dev.parley.protocol.peer.PeerMessages.FileState;
import java.nio.file.Path;

/** What the transfers lane is asked to do: by the user, by a friend's link, or by its own jobs. */
public sealed interface TransferRequest {

    // from the user
    record Send(Transfer transfer) implements TransferRequest {
    }

    /** {@code target} is the file to write (the downloads folder and the offered name, or Save as…). */
    record Accept(String id, Path target) implements TransferRequest {
    }

    record Decline(String id) implements TransferRequest {
    }

    record Pause(String id) implements TransferRequest {
    }

    record Resume(String id) implements TransferRequest {
    }

    record Cancel(String id) implements TransferRequest {
    }

    // from a friend's link
    record Offered(String peer, FileOffer offer) implements TransferRequest {
    }

    record Signalled(String peer, FileState state) implements TransferRequest {
    }

    record LinkUp(String peer) implements TransferRequest {
    }

    /** A friend connected to fetch {@code id} from byte {@code offset}. */
    record Incoming(Authenticated connection, String id, long offset) implements TransferRequest {
    }

    // from the lane's own threads
    record Prepared(String id, String sha256, long size, long mtime) implements TransferRequest {
    }

    record PrepareFailed(String id, String why) implements TransferRequest {
    }

    record Dialled(String id, Authenticated connection) implements TransferRequest {
    }

    record DialFailed(String id, String why) implements TransferRequest {
    }

    record Ended(String id, Job job, Outcome outcome) implements TransferRequest {
    }

    record Retry(String id) implements TransferRequest {
    }

    record Tick() implements TransferRequest {
    }
}
