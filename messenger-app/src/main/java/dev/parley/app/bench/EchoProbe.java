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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A socket ping-pong on 127.0.0.1: {@code size} bytes out, the same back from an echo thread, with
 * no framing. Plain TCP is the text bench's baseline; over mutual TLS 1.3, set up as a friend link
 * is, it shows the encryption's own cost. The skeleton adds only what a messenger link cannot do
 * without: the reply is read by a reader thread of its own (the sender is the user's thread), and
 * each side appends a record to a file first (ours before sending, the friend's before replying).
 */
final class EchoProbe implements AutoCloseable {

    /** What the messenger's intake appends for a 200-byte message. */
    private static final int RECORD = 320;

    private final ServerSocket server;
    private final Socket client;
    private final DataInputStream in;
    private final OutputStream out;
    private final byte[] buf;
    private final FileChannel ownLog;
    private final FileChannel echoLog;
    private final ByteBuffer record = ByteBuffer.allocate(RECORD);
    /** Skeleton only: when each message awaiting its reply went out, oldest first, and where its round trip goes. */
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();

    private record Sent(long nanos, Samples into) {
    }

    private EchoProbe(ServerSocket server, int size, IntFunction<Socket> dial, Path logs) throws IOException {
        this.server = server;
        this.buf = new byte[size];
        this.ownLog = logs == null ? null : append(logs.resolve("probe-own.log"));
        this.echoLog = logs == null ? null : append(logs.resolve("probe-echo.log"));
        Thread.ofPlatform().daemon().name("bench-echo").start(this::echo);
        Socket c = dial.apply(server.getLocalPort());
        c.setTcpNoDelay(true);
        if (c instanceof SSLSocket s) {
            s.startHandshake();
        }
        this.client = c;
        this.in = new DataInputStream(c.getInputStream());
        this.out = c.getOutputStream();
        if (logs != null) {
            Thread.ofPlatform().daemon().name("bench-probe-reader").start(this::readReplies);
        }
    }

    private static FileChannel append(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    static EchoProbe plain(int size) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new EchoProbe(new ServerSocket(0, 1, lo), size, port -> {
            try {
                return new Socket(lo, port);
            } catch (IOException e) {
                throw new IllegalStateException("cannot connect to the echo: " + e.getMessage(), e);
            }
        }, null);
    }

    static EchoProbe tls(int size) throws IOException, GeneralSecurityException {
        return tls(size, null);
    }

    /** TLS, with the reply read on a thread of its own and a file append on each side, into {@code logs}. */
    static EchoProbe skeleton(int size, Path logs) throws IOException, GeneralSecurityException {
        return tls(size, logs);
    }

    /** Both sides present a certificate of their own and pin the other's, as friends do. */
    private static EchoProbe tls(int size, Path logs) throws IOException, GeneralSecurityException {
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
        }, logs);
    }

    private void echo() {
        try (Socket s = server.accept()) {
            s.setTcpNoDelay(true);
            DataInputStream echoIn = new DataInputStream(s.getInputStream());
            OutputStream echoOut = s.getOutputStream();
            byte[] b = new byte[buf.length];
            ByteBuffer r = ByteBuffer.allocate(RECORD);
            while (true) {
                echoIn.readFully(b);
                if (echoLog != null) {
                    echoLog.write(r.clear());
                }
                echoOut.write(b);
            }
        } catch (IOException e) {
            // closed: done
        }
    }

    private void readReplies() {
        byte[] b = new byte[buf.length];
        try {
            while (true) {
                in.readFully(b);
                long now = System.nanoTime();
                Sent s = sent.poll();
                if (s != null && s.into() != null) {
                    s.into().add(now - s.nanos());
                }
            }
        } catch (IOException e) {
            // closed: done
        }
    }

    /**
     * Sends one message and adds its round trip to {@code into} (null: not timed): at once, or
     * for the skeleton, on its reader thread when the reply comes.
     */
    void once(Samples into) throws IOException {
        long s = System.nanoTime();
        if (ownLog == null) {
            out.write(buf);
            in.readFully(buf);
            if (into != null) {
                into.add(System.nanoTime() - s);
            }
            return;
        }
        sent.add(new Sent(s, into));
        ownLog.write(record.clear());
        out.write(buf);
    }

    /** Waits until every message sent has had its reply (the skeleton's come on its reader thread). */
    void awaitReplies() throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!sent.isEmpty()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the echo stopped replying");
            }
            Thread.sleep(1);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
            server.close();
        } finally {
            if (ownLog != null) {
                ownLog.close();
                echoLog.close();
            }
        }
    }
}
