package dev.parley.server.net;

import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import dev.parley.server.service.LocatorService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The locator's listening socket and every client connection on it, on Netty's non-blocking
 * transport: one thread accepts, {@value #IO_THREADS} threads do all sockets' I/O and TLS, and a
 * connection costs its TLS state, not a thread and buffers. (With a blocking socket and a virtual
 * thread per connection, each idle session held socket buffers and a parked thread's stack copy,
 * and thousands of handshakes arriving at once all shared the CPU and none finished in time; on
 * these threads handshakes finish one after another.)
 *
 * <p>Each channel: TLS 1.3 ({@link ServerTls}) → frame decoder → frame encoder → read timeout → {@link ClientConnection}.
 */
public final class ConnectionServer implements AutoCloseable {

    static final int IO_THREADS = 2;
    private static final int BACKLOG = 4096;

    private final EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("locator-acceptor"));
    private final EventLoopGroup io = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("locator-io"));
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final Channel server;

    public ConnectionServer(InetSocketAddress bind, SslContext tls, LocatorService service, Clock clock,
                            Duration readTimeout, HeaderCodec codec) throws IOException {
        FrameEncoder encoder = new FrameEncoder(Limits.DEFAULT, codec);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(ClientConnection.MAX_PENDING_BYTES / 2, ClientConnection.MAX_PENDING_BYTES))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc());
                        ssl.setHandshakeTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
                        ssl.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                handshakes.increment();
                                if (ServerTls.resumed(ssl.engine())) {
                                    resumed.increment();
                                }
                            }
                        });
                        ClientConnection[] self = new ClientConnection[1];
                        self[0] = new ClientConnection(ch, service, clock, readTimeout, () -> connections.remove(self[0]));
                        connections.add(self[0]);
                        ch.pipeline()
                                .addLast("tls", ssl)
                                .addLast("frames-in", new FrameDecoder(Limits.DEFAULT, codec))
                                .addLast("frames-out", encoder)
                                .addLast("read-timeout", new IdleStateHandler(readTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("connection", self[0]);
                    }
                });
        try {
            this.server = bootstrap.bind(bind).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownThreads();
            throw new IOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** TLS handshakes completed since this server started. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Of those, how many resumed a session from a ticket rather than starting a new one. */
    public long resumedHandshakes() {
        return resumed.sum();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (ClientConnection c : connections) {
            c.shutdown();
        }
        shutdownThreads();
    }

    private void shutdownThreads() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
