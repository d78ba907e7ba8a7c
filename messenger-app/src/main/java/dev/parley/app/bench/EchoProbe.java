package dev.parley.app.bench;

import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.util.function.IntFunction;

/**
 * A socket ping-pong on 127.0.0.1: {@code size} bytes out, echoed back by a thread of its own, with
 * no framing and no storage. Plain TCP is the text bench's baseline; the same over mutual TLS 1.3,
 * set up as a friend link is, shows how much of that a link's encryption alone costs.
 */
final class EchoProbe implements AutoCloseable {

    private final ServerSocket server;
    private final Socket client;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] buf;

    private EchoProbe(ServerSocket server, int size, IntFunction<Socket> dial) throws IOException {
        this.server = server;
        this.buf = new byte[size];
        Thread.ofPlatform().daemon().name("bench-echo").start(this::echo);
        Socket c = dial.apply(server.getLocalPort());
        c.setTcpNoDelay(true);
        if (c instanceof SSLSocket s) {
            s.startHandshake();
        }
        this.client = c;
        this.in = new DataInputStream(c.getInputStream());
        this.out = c.getOutputStream();
    }

    static EchoProbe plain(int size) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new EchoProbe(new ServerSocket(0, 1, lo), size, port -> {
            try {
                return new Socket(lo, port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to the echo: " + e.getMessage(), e);
            }
        });
    }

    /** Both sides present a certificate of their own and pin the other's, as friends do. */
    static EchoProbe tls(int size) throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        TlsIdentity serverId = TlsIdentity.create("bench-echo", random);
        TlsIdentity clientId = TlsIdentity.create("bench-client", random);
        SSLContext serverCtx = TlsContexts.client(serverId, FingerprintTrustManager.pinned(clientId.fingerprint()), random);
        SSLContext clientCtx = TlsContexts.client(clientId, FingerprintTrustManager.pinned(serverId.fingerprint()), random);
        InetAddress lo = InetAddress.getLoopbackAddress();
        SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 1, lo);
        server.setEnabledProtocols(TlsContexts.PROTOCOLS);
        server.setNeedClientAuth(true);
        return new EchoProbe(server, size, port -> {
            try {
                SSLSocket s = (SSLSocket) clientCtx.getSocketFactory().createSocket(lo, port);
                TlsContexts.configureClient(s);
                return s;
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to the echo: " + e.getMessage(), e);
            }
        });
    }

    private void echo() {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            DataInputStream echoIn = new DataInputStream(s.getInputStream());
            OutputStream echoOut = s.getOutputStream();
            byte[] b = new byte[buf.length];
            while (true) {
                echoIn.readFully(b);
                echoOut.write(b);
            }
        } catch (IOException e) {
            // closed: done
        }
    }

    /** One round trip, in nanoseconds. */
    long once() throws IOException {
        long s = System.nanoTime();
        out.write(buf);
        in.readFully(buf);
        return System.nanoTime() - s;
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
