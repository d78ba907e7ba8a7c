package dev.parley.app.bench;

import dev.parley.protocol.Command;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.Header;
import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Payloads;
import dev.parley.protocol.locator.LocatorMessages.Login;
import dev.parley.protocol.locator.LocatorMessages.Presence;
import dev.parley.server.net.FrameDecoder;
import dev.parley.server.net.FrameEncoder;
import dev.parley.server.net.ServerTls;
import dev.parley.server.tls.FingerprintTrustManager;
import dev.parley.server.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Logged-in {@link LoadLink}s to one locator, all on one event-loop thread (the way wrk drives
 * its connections), and the {@link LoadRun}s made over them.
 */
final class LoadLinks implements AutoCloseable {

    private final EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("lookup-load"));
    private final SslContext ssl;
    private final List<LoadLink> links = new ArrayList<>();

    private LoadLinks(String fingerprint) throws SSLException {
        this.ssl = SslContextBuilder.forClient()
                .sslProvider(ServerTls.provider())
                .protocols(TlsContexts.PROTOCOLS)
                .trustManager(FingerprintTrustManager.pinned(fingerprint))
                .build();
    }

    /** One link per user, each logged in with {@code password}; throws if any cannot connect or log in. */
    static LoadLinks connect(InetSocketAddress server, String fingerprint, List<String> users, String password)
            throws IOException, InterruptedException {
        LoadLinks all = new LoadLinks(fingerprint);
        try {
            HeaderCodec codec = new HeaderCodec();
            FrameEncoder encoder = new FrameEncoder(Limits.DEFAULT, codec);
            Payloads payloads = new Payloads();
            for (String user : users) {
                LoadLink link = new LoadLink(payloads.frame(Header.command(Command.LOGIN, "login", 0),
                        new Login(user, password, 0, null, null, Presence.ONLINE)));
                new Bootstrap().group(all.loop).channel(NioSocketChannel.class)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline()
                                        .addLast("tls", all.ssl.newHandler(ch.alloc(), server.getHostString(), server.getPort()))
                                        .addLast("frames-in", new FrameDecoder(Limits.DEFAULT, codec))
                                        .addLast("frames-out", encoder)
                                        .addLast("load", link);
                            }
                        })
                        .connect(server).sync();
                all.links.add(link);
                await(link, user);
            }
            return all;
        } catch (IOException | InterruptedException | RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private static void await(LoadLink link, String user) throws IOException, InterruptedException {
        try {
            link.loggedIn().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(user + " could not log in: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(user + " got no answer to LOGIN within 30 s");
        }
    }

    int size() {
        return links.size();
    }

    /**
     * Every link sends {@code request} for {@code length} (starting 100 ms from now): at {@code rate}
     * a second in all, or as soon as each answer arrives when 0. Returns once every link is done.
     */
    LoadRun run(byte[] request, int rate, Duration length) throws InterruptedException, IOException {
        LoadRun r = new LoadRun(request, rate, links.size(), TimeUnit.MILLISECONDS.toNanos(100), length.toNanos());
        loop.execute(() -> {
            for (int i = 0; i < links.size(); i++) {
                links.get(i).begin(r, r.firstDue(i));
            }
        });
        try {
            r.done().get(length.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the run did not finish: " + e.getMessage(), e);
        }
        return r;
    }

    /** A whole COMMAND frame as sent on the wire; every link sends the same bytes (an answer needs no id here). */
    static byte[] request(Command cmd, Object body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new FrameWriter(out).write(new Payloads().frame(Header.command(cmd, "q", 0), body));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        for (LoadLink l : links) {
            l.channel().close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        ReferenceCountUtil.release(ssl);
    }
}
