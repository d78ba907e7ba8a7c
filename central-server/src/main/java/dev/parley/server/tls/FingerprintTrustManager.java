package dev.parley.server.tls;

import dev.parley.protocol.Fingerprint;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a self-signed peer certificate by its fingerprint alone: there are no certificate
 * authorities in Parley. {@code verdict} gets the presented fingerprint and returns null to accept
 * or the reason to refuse (shown to the user, so it names both fingerprints).
 */
public final class FingerprintTrustManager extends X509ExtendedTrustManager {

    /** A refusal that carries the fingerprint the peer presented. */
    public static final class FingerprintMismatchException extends CertificateException {
        private final String presented;

        public FingerprintMismatchException(String message, String presented) {
            super(message);
            this.presented = presented;
        }

        public String presented() {
            return presented;
        }
    }

    private final Function<String, String> verdict;

    public FingerprintTrustManager(Function<String, String> verdict) {
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    /** Accepts exactly one fingerprint. */
    public static FingerprintTrustManager pinned(String expected) {
        return new FingerprintTrustManager(fp -> fp.equals(expected) ? null
                : "certificate fingerprint " + fp + " does not match the expected " + expected);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("peer presented no certificate");
        }
        chain[0].checkValidity();
        String fp = Fingerprint.of(chain[0]);
        String refusal = verdict.apply(fp);
        if (refusal != null) {
            throw new FingerprintMismatchException(refusal, fp);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
