package dev.parley.app.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.parley.server.tls.TlsContexts;

/**
 * Takes friends' direct connections: mutual TLS on a port of its own (0 picks a free one). Each
 * caller is checked on a virtual thread of its own, so a slow or hostile caller holds up nobody.
 */
public final class PeerListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeerListener.class);

    private final SSLServerSocket server;
    private final Handshake handshake;
    private final Consumer<Authenticated> accepted;
    private final Thread acceptor;
    private volatile boolean closing;

    public PeerListener(String bindHost, int port, Handshake handshake, Consumer<Authenticated> accepted)
            throws IOException, GeneralSecurityException {
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.accepted = Objects.requireNonNull(accepted, "accepted");
        this.server = (SSLServerSocket) handshake.serverContext().getServerSocketFactory().createServerSocket();
        server.setEnabledProtocols(TlsContexts.PROTOCOLS);
        server.setNeedClientAuth(true);
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(bindHost), port), 64);
        this.acceptor = Thread.ofPlatform().daemon().name("peer-listener").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                SSLSocket s = (SSLSocket) server.accept();
                String from = s.getInetAddress().getHostAddress() + ":" + s.getPort();
                Thread.ofVirtual().name("peer-accept-" + from).start(() -> check(s, from));
            } catch (SocketException e) {
                if (!closing) {
                    log.error("accepting direct links failed", e);
                }
            } catch (IOException e) {
                log.warn("accepting a direct link failed: {}", e.getMessage());
            }
        }
    }

    private void check(SSLSocket s, String from) {
        try {
            accepted.accept(handshake.accept(s));
        } catch (LinkRefused e) {
            log.warn("refused a direct link from {}: {}", from, e.getMessage());
        } catch (IOException e) {
            log.info("a direct link from {} failed during the handshake: {}", from, e.getMessage());
        } catch (RuntimeException e) {
            log.error("checking a direct link from {}", from, e);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
