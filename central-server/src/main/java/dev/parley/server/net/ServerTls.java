package dev.parley.server.net;

import dev.parley.server.tls.TicketKeys;
import dev.parley.server.tls.TlsContexts;
import dev.parley.server.tls.TlsIdentity;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * The locator's TLS 1.3 server context. It runs on BoringSSL (netty-tcnative) when the native
 * library loads, and falls back to the JDK's engine when it does not. After a locator restart
 * every client handshakes again at once. The JDK does X25519 and ECDSA in Java, and that was
 * a third of the locator's CPU in such a storm; BoringSSL does the same work several times faster.
 * On BoringSSL its session tickets are sealed with {@link TicketKeys} kept on disk, so that after a
 * restart clients resume their TLS sessions rather than start new ones (the JDK's engine seals
 * them with keys that die with the process).
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

    /**
     * Seals new session tickets with the first of {@code keys} and opens tickets sealed with any of
     * them; false when {@code ctx} is not BoringSSL's.
     */
    public static boolean useTicketKeys(SslContext ctx, List<TicketKeys.Key> keys) {
        if (!(ctx.sessionContext() instanceof OpenSslSessionContext sessions)) {
            return false;
        }
        OpenSslSessionTicketKey[] sealing = keys.stream().map(k -> {
            byte[] b = k.bytes();
            return new OpenSslSessionTicketKey(Arrays.copyOfRange(b, 0, 16), Arrays.copyOfRange(b, 16, 32),
                    Arrays.copyOfRange(b, 32, 48));
        }).toArray(OpenSslSessionTicketKey[]::new);
        sessions.setTicketKeys(sealing);
        return true;
    }

    /** Whether the handshake just finished on {@code engine} resumed an earlier session (BoringSSL only). */
    static boolean resumed(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            long ssl = openSsl.sslPointer();
            return ssl != 0 && SSL.isSessionReused(ssl);
        }
        return false;
    }
}
