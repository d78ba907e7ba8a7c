package dev.parley.server.service;

import dev.parley.protocol.Frame;

/** What the service needs of a client connection. */
public interface Peer {
    /** Queues a frame for the connection's writer; never blocks. */
    void send(Frame frame);

    /** Sends what is queued, then closes, logging {@code reason}. */
    void closeAfterFlush(String reason);

    /** The address the connection came from. */
    String remoteHost();

    /** Clock millis of the last complete frame received. */
    long lastSeenMillis();

    /** The logged-in session on this connection, or null. */
    OnlineSession session();

    void session(OnlineSession session);
}
