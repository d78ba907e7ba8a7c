package dev.parley.server.net;

import dev.parley.protocol.Frame;
import dev.parley.protocol.FrameReader;
import dev.parley.protocol.HeaderCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Turns decrypted bytes into {@link Frame}s with the protocol's own {@link FrameReader}, so every
 * limit is checked exactly as on a blocking stream. The reader is run over the bytes received so
 * far; when they end mid-frame it is stopped and run again from the frame's start once more have
 * come (frames are small: most arrive whole in one TLS record).
 *
 * <p>Emits a {@link Frame}, or the {@link ProtocolException} a bad frame caused. After one that is
 * not {@link ProtocolException#recoverable() recoverable} the input is out of step and everything
 * after it is dropped.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private final BufferInput input = new BufferInput();
    private final FrameReader reader;
    private boolean outOfStep;

    public FrameDecoder(Limits limits, HeaderCodec codec) {
        this.reader = new FrameReader(input, limits, codec);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && !outOfStep) {
            int start = in.readerIndex();
            input.buffer = in;
            try {
                out.add(reader.read());
            } catch (NeedMore e) {
                in.readerIndex(start);
                return;
            } catch (ProtocolException e) {
                outOfStep = !e.recoverable();
                out.add(e);
            } catch (IOException e) {
                throw new IllegalStateException("reading from memory cannot fail", e);
            } finally {
                input.buffer = null;
            }
        }
        if (outOfStep) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** The received bytes as a stream that, instead of blocking, says more are needed. */
    private static final class BufferInput extends InputStream {
        ByteBuf buffer;

        @Override
        public int read() throws NeedMore {
            if (!buffer.isReadable()) {
                throw NeedMore.INSTANCE;
            }
            return buffer.readByte() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws NeedMore {
            if (len == 0) {
                return 0;
            }
            int n = Math.min(len, buffer.readableBytes());
            if (n == 0) {
                throw NeedMore.INSTANCE;
            }
            buffer.readBytes(b, off, n);
            return n;
        }
    }

    /** Control flow, not an error: thrown often, so one instance without a stack trace. */
    private static final class NeedMore extends IOException {
        static final NeedMore INSTANCE = new NeedMore();

        private NeedMore() {
            super("frame incomplete", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
