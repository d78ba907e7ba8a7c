package dev.parley.app.peer;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Fingerprint;
import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.RequestRefused;
import dev.parley.protocol.locator.LocatorMessages.Address;
import dev.parley.protocol.peer.PeerMessages;
import dev.parley.protocol.peer.PeerMessages.Hello;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * Opens and accepts direct links: mutual TLS 1.3 with the profile's own key, then one HELLO each
 * way. The dialling side pins the friend's certificate to the fingerprint the locator gave for
 * them; the accepting side asks the locator about the user the HELLO names (it answers only about
 * friends) and refuses a certificate that is not theirs.
 */
public final class Handshake {

    /** Answers "where is this friend, and which key is theirs" (the locator's LOOKUP). */
    @FunctionalInterface
    public interface Directory {
        Address lookup(String username) throws RequestRefused, IOException;
    }

    static final List<String> CAPABILITIES = List.of("text", "file", "call");
    /** Both ends of a file connection keep their socket buffers this small: what is in them when an app dies is sent again. */
    public static final int FILE_SOCKET_BUFFER = 128 * 1024;

    private final TlsIdentity identity;
    private final Supplier<String> me;
    private final Directory directory;
    private final SecureRandom random;
    private final int timeoutMillis;
    private final Payloads payloads = new Payloads();

    public Handshake(TlsIdentity identity, Supplier<String> me, Directory directory, SecureRandom random, int timeoutMillis) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.me = Objects.requireNonNull(me, "me");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.random = Objects.requireNonNull(random, "random");
        this.timeoutMillis = timeoutMillis;
    }

    /** A server context that asks every caller for a certificate; which one is acceptable is decided after HELLO. */
    public SSLContext serverContext() throws GeneralSecurityException {
        return TlsContexts.client(identity, new FingerprintTrustManager(fp -> null), random);
    }

    /** Dials {@code friend}'s direct link, wherever the locator says they are. */
    public PeerLink dial(String friend) throws IOException {
        Authenticated c = dial(friend, PeerMessages.PURPOSE_LINK);
        return new PeerLink(c.socket(), c.peer(), c.dialer(), c.reader());
    }

    /** Dials {@code friend} for {@code purpose} (a file transfer has a connection of its own). */
    public Authenticated dial(String friend, String purpose) throws IOException {
        String peer = friend.toLowerCase(Locale.ROOT);
        Address where;
        try {
            where = directory.lookup(peer);
        } catch (RequestRefused e) {
            throw new LinkRefused(e.code(), "cannot reach " + peer + ": " + e.getMessage());
        }
        SSLContext ctx;
        try {
            ctx = TlsContexts.client(identity, FingerprintTrustManager.pinned(where.fingerprint()), random);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
        try {
            TlsContexts.configureClient(s);
            if (PeerMessages.PURPOSE_FILE.equals(purpose)) {
                // Set before connecting so the window is negotiated to match: what sits in socket
                // buffers when an app dies must be sent again on resume.
                s.setReceiveBufferSize(FILE_SOCKET_BUFFER);
            }
            s.connect(new InetSocketAddress(where.host(), where.port()), timeoutMillis);
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            try {
                s.startHandshake();
            } catch (SSLException e) {
                if (mismatch(e)) {
                    throw new LinkRefused(ErrorCode.KEY_MISMATCH, peer + " at " + where.host() + ":" + where.port()
                            + " presented a key that is not the one the locator has for them (" + where.fingerprint() + ")", e);
                }
                throw e;
            }
            FrameReader reader = new FrameReader(s.getInputStream());
            FrameWriter writer = new FrameWriter(s.getOutputStream());
            writer.write(payloads.frame(hello(), new Hello(me.get(), PeerMessages.VERSION, CAPABILITIES, purpose)));
            writer.flush();
            Frame reply = reader.read();
            if (reply == null) {
                throw new LinkRefused(ErrorCode.BAD_FRAME, peer + " closed the connection during the handshake");
            }
            if (reply.type() == FrameType.ERROR) {
                throw new LinkRefused(reply.header().code(), peer + " refused the link: " + reply.header().error());
            }
            Hello theirs = readHello(reply);
            if (!peer.equals(theirs.username())) {
                throw new LinkRefused(ErrorCode.WRONG_PEER, "expected " + peer + " at " + where.host() + ":" + where.port()
                        + " but " + theirs.username() + " answered");
            }
            return new Authenticated(s, peer, me.get(), reader, purpose);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Finishes an incoming connection: reads the caller's HELLO and checks their certificate
     * against the locator's fingerprint for the user they claim to be. A refusal is told to the
     * caller as an ERROR frame before the socket closes.
     */
    public Authenticated accept(SSLSocket s) throws IOException {
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.startHandshake();
            Certificate[] chain = s.getSession().getPeerCertificates();
            String presented = Fingerprint.of((X509Certificate) chain[0]);
            FrameReader reader = new FrameReader(s.getInputStream());
            FrameWriter writer = new FrameWriter(s.getOutputStream());
            Frame first = reader.read();
            if (first == null) {
                throw new LinkRefused(ErrorCode.BAD_FRAME, "the caller closed the connection before HELLO");
            }
            Hello theirs;
            try {
                theirs = readHello(first);
            } catch (LinkRefused e) {
                refuse(writer, e);
                throw e;
            }
            String peer = theirs.username();
            Address known;
            try {
                known = directory.lookup(peer);
            } catch (RequestRefused e) {
                LinkRefused r = new LinkRefused(ErrorCode.NOT_FRIEND, peer + " is not a friend (the locator says: "
                        + e.getMessage() + ")");
                refuse(writer, r);
                throw r;
            }
            if (!presented.equals(known.fingerprint())) {
                LinkRefused r = new LinkRefused(ErrorCode.KEY_MISMATCH, "a caller claiming to be " + peer + " presented key "
                        + presented + ", but the locator has " + known.fingerprint() + " for them");
                refuse(writer, r);
                throw r;
            }
            writer.write(payloads.frame(hello(), new Hello(me.get(), PeerMessages.VERSION, CAPABILITIES)));
            writer.flush();
            return new Authenticated(s, peer, peer, reader, theirs.purpose());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static Header hello() {
        return new Header(FrameType.HELLO, null, null, null, null, null, null, 0, null, null, null, null);
    }

    private Hello readHello(Frame f) throws LinkRefused {
        if (f.type() != FrameType.HELLO) {
            throw new LinkRefused(ErrorCode.BAD_FRAME, "expected HELLO first, got " + f.type());
        }
        try {
            Hello h = payloads.decode(f, Hello.class);
            if (h.username() == null || h.username().isBlank()) {
                throw new LinkRefused(ErrorCode.BAD_REQUEST, "HELLO names no user");
            }
            return new Hello(h.username().toLowerCase(Locale.ROOT), h.version(), h.capabilities(), h.purpose());
        } catch (ProtocolException e) {
            throw new LinkRefused(ErrorCode.BAD_REQUEST, "unreadable HELLO: " + e.getMessage(), e);
        }
    }

    private static void refuse(FrameWriter writer, LinkRefused why) {
        try {
            writer.write(Frame.of(Header.error(null, null, why.code(), why.getMessage(), null)));
            writer.flush();
        } catch (IOException ignored) {
            // the caller is gone already
        }
    }

    private static boolean mismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FingerprintTrustManager.FingerprintMismatchException) {
                return true;
            }
        }
        return false;
    }
}
