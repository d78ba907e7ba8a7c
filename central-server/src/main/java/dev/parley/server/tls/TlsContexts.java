package dev.parley.server.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** TLS 1.3 only, everywhere in Parley. */
public final class TlsContexts {

    public static final String[] PROTOCOLS = {"TLSv1.3"};

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

    public static SSLParameters parameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        return p;
    }
}
