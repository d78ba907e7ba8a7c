package dev.parley.server.net;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameWriter;
import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Frames to bytes with the protocol's own {@link FrameWriter}; stateless, so one serves every connection. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    private final Limits limits;
    private final HeaderCodec codec;

    public FrameEncoder(Limits limits, HeaderCodec codec) {
        super(Frame.class);
        this.limits = limits;
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) throws IOException {
        new FrameWriter(new ByteBufOutputStream(out), limits, codec).write(frame);
    }
}
