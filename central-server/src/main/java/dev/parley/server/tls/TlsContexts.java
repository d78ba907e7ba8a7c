package dev.parley.server.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** TLS 1.3 only, everywhere in Parley. */
public final class TlsContexts {

    public static final String[] PROTOCOLS = {"TLSv1.3"};

    /**
     * The key exchange a Parley client offers: one X25519 share. Whoever answers is Parley too
     * (BoringSSL or the JDK), and picks X25519. The JDK's default list also sends a P-256 share,
     * a key pair made and thrown away on every handshake: a tenth of a client's handshake CPU,
     * which after a locator restart thousands of clients spend at once.
     */
    public static final String[] CLIENT_NAMED_GROUPS = {"x25519"};

    private TlsContexts() {
    }

    /** A server context presenting {@code identity}; clients are not asked for certificates. */
    public static SSLContext server(TlsIdentity identity, SecureRandom random) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(identity.keyManagers().getKeyManagers(), null, random);
        return ctx;
    }

    /** A client context that trusts the server through {@code trust}; presents {@code identity} if not null. */
    public static SSLContext client(TlsIdentity identity, FingerprintTrustManager trust, SecureRandom random)
            throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(identity == null ? null : identity.keyManagers().getKeyManagers(), new TrustManager[] {trust}, random);
        return ctx;
    }

    /** Sets up {@code socket}, not yet connected or handshaken, as a Parley client's: TLS 1.3, X25519. */
    public static void configureClient(SSLSocket socket) {
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setNamedGroups(CLIENT_NAMED_GROUPS);
        socket.setSSLParameters(p);
    }

    public static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        return p;
    }
}
