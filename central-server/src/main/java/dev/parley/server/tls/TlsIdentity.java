package dev.parley.server.tls;

import dev.parley.protocol.Fingerprint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key pair and self-signed certificate kept in a PKCS#12 file, made on first use. Its
 * {@link #fingerprint()} is what peers pin. The keystore password only satisfies the format;
 * the file is protected by its permissions (owner only).
 */
public final class TlsIdentity {

    private static final char[] STORE_PASSWORD = "parley".toCharArray();
    private static final String ALIAS = "identity";

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final String fingerprint;

    private TlsIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = Fingerprint.of(certificate);
    }

    /** Loads the identity in {@code file}, or makes one for {@code commonName} and saves it there. */
    public static TlsIdentity loadOrCreate(Path file, String commonName, SecureRandom random)
            throws IOException, GeneralSecurityException {
        Objects.requireNonNull(file, "file");
        if (Files.exists(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, STORE_PASSWORD);
            }
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, STORE_PASSWORD);
            X509Certificate cert = (X509Certificate) ks.getCertificate(ALIAS);
            if (key == null || cert == null) {
                throw new GeneralSecurityException(file + " holds no '" + ALIAS + "' key entry");
            }
            return new TlsIdentity(key, cert);
        }
        TlsIdentity made = create(commonName, random);
        made.save(file);
        return made;
    }

    /** A new identity that lives only in memory. */
    public static TlsIdentity create(String commonName, SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName.replaceAll("[,=+<>#;\"\\\\]", "_"));
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, new BigInteger(64, random).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                name, pair.getPublic());
        try {
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new TlsIdentity(pair.getPrivate(), cert);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign certificate: " + e.getMessage(), e);
        }
    }

    private void save(Path file) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keyStore().store(out, STORE_PASSWORD);
        SecretFiles.write(file, out.toByteArray());
    }

    public KeyStore keyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry(ALIAS, privateKey, STORE_PASSWORD, new Certificate[] {certificate});
        return ks;
    }

    public KeyManagerFactory keyManagers() throws GeneralSecurityException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore(), STORE_PASSWORD);
        return kmf;
    }

    /** For TLS engines that take the key itself rather than a KeyManager (the locator's BoringSSL). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String fingerprint() {
        return fingerprint;
    }
}
