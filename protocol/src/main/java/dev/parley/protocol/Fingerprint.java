package dev.parley.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The printed form of a certificate's identity: {@code SHA256:<64 lowercase hex digits>} of its DER. */
public final class Fingerprint {

    private Fingerprint() {
    }

    public static String of(X509Certificate certificate) {
        try {
            return of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static String of(byte[] der) {
        try {
            return "SHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    /** True for a well-formed fingerprint string. */
    public static boolean isValid(String s) {
        return s != null && s.matches("SHA256:[0-9a-f]{64}");
    }
}
