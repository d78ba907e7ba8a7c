package dev.parley.app.bench;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameType;
import dev.parley.protocol.ProtocolException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the lookup bench's clients: a TLS connection to the locator on an event loop it shares
 * with the others, with one request in flight at a time. All of its work happens on that loop, so
 * a request costs the load process no thread hand-off (a blocking client wakes two threads per
 * answer, and 64 of them kept the two cores as busy as the locator itself).
 */
final class LoadLink extends SimpleChannelInboundHandler<Object> {

    private final CompletableFuture<Void> loggedIn = new CompletableFuture<>();
    private final Frame login;
    private ChannelHandlerContext ctx;
    private LoadRun run;
    /** When the request in flight was due (or sent, in a closed loop); latency counts from here. */
    private long due;

    LoadLink(Frame login) {
        super(Object.class);
        this.login = login;
    }

    /** Completes once the locator has answered this link's LOGIN with OK. */
    CompletableFuture<Void> loggedIn() {
        return loggedIn;
    }

    Channel channel() {
        return ctx.channel();
    }

    /** Starts requesting for {@code r}, the first request due at {@code firstDue}; call on the link's event loop. */
    void begin(LoadRun r, long firstDue) {
        this.run = r;
        this.due = firstDue;
        next();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.writeAndFlush(login);
            } else {
                loggedIn.completeExceptionally(done.cause());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f && f.type() == FrameType.COMMAND) {
            return; // a push (a friend's presence), not an answer
        }
        boolean ok = msg instanceof Frame f && f.type() == FrameType.OK;
        if (!loggedIn.isDone()) {
            if (ok) {
                loggedIn.complete(null);
            } else {
                loggedIn.completeExceptionally(new IOException("LOGIN refused: " + describe(msg)));
            }
            return;
        }
        if (run == null) {
            return;
        }
        long now = System.nanoTime();
        run.answered(now - due, ok);
        due = run.paced() ? due + run.intervalNs() : now;
        next();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        loggedIn.completeExceptionally(new IOException("the locator closed the connection"));
        if (run != null) {
            run.failed();
            run = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        loggedIn.completeExceptionally(cause);
        ctx.close();
    }

    private void next() {
        if (due >= run.end()) {
            LoadRun r = run;
            run = null;
            r.linkDone();
            return;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
            ctx.executor().schedule(this::send, wait, TimeUnit.NANOSECONDS);
        } else {
            send();
        }
    }

    private void send() {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(run.request()));
    }

    private static String describe(Object msg) {
        return switch (msg) {
            case Frame f -> f.type() + " " + f.header().error();
            case ProtocolException e -> e.getMessage();
            default -> String.valueOf(msg);
        };
    }
}
