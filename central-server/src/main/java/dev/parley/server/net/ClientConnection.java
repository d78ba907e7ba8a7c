package dev.parley.server.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Frame;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.UnknownTypeException;
import dev.parley.server.service.LocatorService;
import dev.parley.server.service.OnlineSession;
import dev.parley.server.service.Peer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection, as the last handler of its channel. Bytes, TLS and frames are dealt
 * with on the channel's I/O thread; the frames it receives are handled in order, off that thread
 * (a login may hash a password, a request may wait for the database), by a virtual thread started
 * when there is something to handle and ended when there is not. Heartbeats and lookups, answered
 * from memory, are handled on the I/O thread itself when nothing else of the client's waits. An idle session thus holds no
 * thread and no buffer: only its TLS state and its session.
 *
 * <p>Policies: a client may have {@value #MAX_INBOX} frames waiting to be handled before its
 * connection stops being read; one that does not read what it is sent is closed once more than
 * {@value #MAX_PENDING_BYTES} bytes wait for it (it resumes and gets a fresh roster); one told to
 * close after a last frame gets {@link #FLUSH_GRACE} to take it. Each ending is logged once.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter implements Peer {

    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);
    static final int MAX_INBOX = 64;
    static final int MAX_PENDING_BYTES = 1 << 20;
    private static final Duration FLUSH_GRACE = Duration.ofSeconds(2);
    /** Queued after the last frame: the connection has ended. */
    private static final Object ENDED = new Object();

    private final Channel channel;
    private final LocatorService service;
    private final Clock clock;
    private final Duration readTimeout;
    private final Runnable onEnd;
    private final String remoteHost;
    private final int remotePort;
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean handling = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastSeen;
    private volatile OnlineSession session;
    private volatile String closeReason;

    public ClientConnection(Channel channel, LocatorService service, Clock clock, Duration readTimeout, Runnable onEnd) {
        this.channel = channel;
        this.service = service;
        this.clock = clock;
        this.readTimeout = readTimeout;
        this.onEnd = onEnd;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.remoteHost = remote.getAddress().getHostAddress();
        this.remotePort = remote.getPort();
        this.lastSeen = clock.millis();
    }

    // ---- on the channel's I/O thread

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Frame frame -> {
                lastSeen = clock.millis();
                if (!handling.get() && service.answersFromMemory(frame)) {
                    // Nothing of this client's is waiting or being handled, so answering now keeps the order;
                    // it saves two thread hand-offs on the requests most often made.
                    service.handle(this, frame);
                } else {
                    receive(frame);
                }
            }
            case UnknownTypeException e ->
                    send(service.error(null, e.partial() == null ? null : e.partial().id(), e.code(), e.getMessage(), null));
            case ProtocolException e -> {
                send(service.error(null, null, e.code(), e.getMessage(), null));
                closeAfterFlush("protocol error: " + e.getMessage());
            }
            default -> throw new IllegalArgumentException("not a frame: " + msg.getClass().getName());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            send(service.error(null, null, ErrorCode.TIMEOUT, "nothing received for " + readTimeout.toSeconds() + " s", null));
            closeAfterFlush("silent for " + readTimeout.toMillis() + " ms (stalled mid-frame or idle)");
        } else if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            closeReason(describe(done.cause()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason(describe(cause));
        shutdown();
    }

    private static String describe(Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        return switch (c) {
            case NotSslRecordException e -> "TLS failed: the client does not speak TLS";
            case SSLException e -> "TLS failed: " + e.getMessage();
            default -> "connection lost: " + c.getMessage();
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeReason(closed.get() ? null : "closed by the client");
        closed.set(true);
        receive(ENDED);
    }

    /** Queues an item for the handling thread, pausing reads while too many wait. */
    private void receive(Object item) {
        inbox.add(item);
        if (waiting.incrementAndGet() >= MAX_INBOX && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
            resumeReadingIfDrained();
        }
        if (handling.compareAndSet(false, true)) {
            Thread.ofVirtual().name("locator-session-" + remoteHost + ":" + remotePort).start(this::handleWaiting);
        }
    }

    /** Reads again once the handling thread has caught up; decided here only, so it cannot race the pause. */
    private void resumeReadingIfDrained() {
        if (waiting.get() <= MAX_INBOX / 2 && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    // ---- on the handling thread

    private void handleWaiting() {
        do {
            for (Object item; (item = inbox.poll()) != null; ) {
                if (waiting.decrementAndGet() <= MAX_INBOX / 2 && !channel.config().isAutoRead()) {
                    channel.eventLoop().execute(this::resumeReadingIfDrained);
                }
                if (item == ENDED) {
                    ended();
                } else if (!closed.get()) {
                    service.handle(this, (Frame) item);
                }
            }
            handling.set(false);
            // Something queued between the last poll and the flag being cleared: take it, unless another thread has.
        } while (!inbox.isEmpty() && handling.compareAndSet(false, true));
    }

    /** After the last frame, so a login still being handled cannot come back to life as a session. */
    private void ended() {
        String who = session != null ? session.username() + "@" + remoteHost : remoteHost;
        service.disconnected(this);
        if (closeReason != null) {
            log.info("connection {}:{} closed: {}", who, remotePort, closeReason);
        }
        onEnd.run();
    }

    // ---- from any thread

    @Override
    public void send(Frame frame) {
        if (closed.get()) {
            return;
        }
        if (!channel.isWritable()) {
            closeReason("client too slow: more than " + MAX_PENDING_BYTES / 1024 + " KiB waiting for it");
            shutdown();
            return;
        }
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    @Override
    public void closeAfterFlush(String reason) {
        closeReason(reason);
        if (closed.get()) {
            return;
        }
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> shutdown());
        channel.eventLoop().schedule(this::shutdown, FLUSH_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes now, without sending what is queued. */
    public void shutdown() {
        if (closed.compareAndSet(false, true)) {
            channel.close();
        }
    }

    private void closeReason(String reason) {
        if (closeReason == null && reason != null) {
            closeReason = reason;
        }
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }

    @Override
    public long lastSeenMillis() {
        return lastSeen;
    }

    @Override
    public OnlineSession session() {
        return session;
    }

    @Override
    public void session(OnlineSession session) {
        this.session = session;
    }
}
