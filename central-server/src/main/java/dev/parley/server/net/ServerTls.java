package dev.parley.server.net;

import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The locator's TLS 1.3 server context. It runs on BoringSSL (netty-tcnative) when the native
 * library loads, and falls back to the JDK's engine when it does not. After a locator restart
 * every client handshakes again at once. The JDK does X25519 and ECDSA in Java, and that was
 * a third of the locator's CPU in such a storm; BoringSSL does the same work several times faster.
 */
public final class ServerTls {

    private ServerTls() {
    }

    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    /** A server context presenting {@code identity}; release it when the server closes. */
    public static SslContext forIdentity(TlsIdentity identity, SslProvider provider) throws SSLException {
        return SslContextBuilder.forServer(identity.privateKey(), identity.certificate())
                .sslProvider(provider)
                .protocols(TlsContexts.PROTOCOLS)
                .build();
    }
}
