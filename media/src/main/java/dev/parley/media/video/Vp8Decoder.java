package dev.parley.media.video;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * FFmpeg's VP8 decoder with low delay and one thread (frame threading would hold pictures back).
 * Not thread-safe: one receive thread owns it.
 */
public final class Vp8Decoder implements AutoCloseable {

    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;

    public Vp8Decoder() throws MediaException {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_VP8);
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no VP8 decoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.flags(ctx.flags() | AV_CODEC_FLAG_LOW_DELAY);
        ctx.thread_count(1);
        int ret = avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec.avcodec_free_context(ctx);
            throw new MediaException("opening the VP8 decoder failed: " + Ffmpeg.describe(ret));
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
    }

    /**
     * Decodes one compressed picture; null when it gives no picture (yet).
     *
     * @throws MediaException when the data does not decode (the caller should ask for a keyframe)
     */
    public Picture decode(byte[] data, long capturedMs) throws MediaException {
        Ffmpeg.check(av_new_packet(packet, data.length), "allocating a packet");
        packet.data().put(data, 0, data.length);
        int sent = avcodec_send_packet(ctx, packet);
        av_packet_unref(packet);
        Ffmpeg.check(sent, "decoding a VP8 picture");
        Picture out = null;
        while (true) {
            int ret = avcodec_receive_frame(ctx, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                break;
            }
            Ffmpeg.check(ret, "taking a decoded picture");
            if (frame.format() != AV_PIX_FMT_YUV420P) {
                av_frame_unref(frame);
                throw new MediaException("the decoder gave pixel format " + frame.format() + ", not I420");
            }
            out = copyOut(capturedMs);
            av_frame_unref(frame);
        }
        return out;
    }

    private Picture copyOut(long capturedMs) {
        int w = frame.width();
        int h = frame.height();
        Picture p = Picture.blank(w, h, capturedMs);
        copyPlane(p.data(), 0, w, h, 0);
        copyPlane(p.data(), p.uOffset(), w / 2, h / 2, 1);
        copyPlane(p.data(), p.vOffset(), w / 2, h / 2, 2);
        return p;
    }

    private void copyPlane(byte[] dst, int offset, int w, int h, int plane) {
        int stride = frame.linesize(plane);
        var src = frame.data(plane);
        for (int y = 0; y < h; y++) {
            src.position((long) y * stride).get(dst, offset + y * w, w);
        }
        src.position(0);
    }

    @Override
    public void close() {
        avcodec_free_context(ctx);
        av_frame_free(frame);
        av_packet_free(packet);
    }
}
