package dev.parley.media.video;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * VP8 (libvpx) in real-time mode through the low-level avcodec calls: one picture in, its packet
 * out at once (no lag frames, one thread). The bitrate can change between pictures; the encoder
 * is reopened for that, which starts with a keyframe, so changes are kept rare by the caller.
 * Not thread-safe: one capture thread owns it.
 */
public final class Vp8Encoder implements AutoCloseable {

    private final int width;
    private final int height;
    private final int fps;
    private AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private long bitrate;
    private long pts;

    public Vp8Encoder(int width, int height, int fps, long bitrate) throws MediaException {
        Ffmpeg.init();
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(width);
        frame.height(height);
        Ffmpeg.check(av_frame_get_buffer(frame, 32), "allocating a " + width + "x" + height + " frame");
        this.packet = av_packet_alloc();
        open(bitrate);
    }

    private void open(long bps) throws MediaException {
        AVCodec codec = avcodec_find_encoder_by_name("libvpx");
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no libvpx (VP8) encoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(width);
        c.height(height);
        c.pix_fmt(AV_PIX_FMT_YUV420P);
        c.time_base(av_make_q(1, fps));
        c.framerate(av_make_q(fps, 1));
        c.bit_rate(bps);
        c.rc_min_rate(bps);
        c.rc_max_rate(bps);
        // A half-second buffer: the rate holds over short spans, so a link near its limit is not flooded.
        c.rc_buffer_size((int) (bps / 2));
        c.gop_size(fps * 10);
        c.max_b_frames(0);
        c.thread_count(1);
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "deadline", "realtime", 0);
        av_dict_set(opts, "cpu-used", "16", 0);
        av_dict_set(opts, "lag-in-frames", "0", 0);
        av_dict_set(opts, "error-resilient", "1", 0);
        av_dict_set(opts, "undershoot-pct", "95", 0);
        av_dict_set(opts, "overshoot-pct", "5", 0);
        av_dict_set(opts, "max-intra-rate", "300", 0);
        int ret = avcodec_open2(c, codec, opts);
        av_dict_free(opts);
        if (ret < 0) {
            avcodec_free_context(c);
            throw new MediaException("opening the VP8 encoder at " + bps + " bit/s failed: " + Ffmpeg.describe(ret));
        }
        if (ctx != null) {
            avcodec_free_context(ctx);
        }
        ctx = c;
        bitrate = bps;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long bitrate() {
        return bitrate;
    }

    /** Takes effect at the next picture, which will be a keyframe. */
    public void bitrate(long bps) throws MediaException {
        if (bps != bitrate) {
            open(bps);
        }
    }

    /** Encodes {@code p}; a keyframe when asked (and always the first). May return nothing if the encoder drops it. */
    public List<Encoded> encode(Picture p, boolean keyframe) throws MediaException {
        if (p.width() != width || p.height() != height) {
            throw new MediaException("the encoder is " + width + "x" + height + ", the picture " + p.width() + "x" + p.height());
        }
        Ffmpeg.check(av_frame_make_writable(frame), "making the frame writable");
        copyIn(p);
        frame.pts(pts++);
        frame.pict_type(keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        Ffmpeg.check(avcodec_send_frame(ctx, frame), "encoding a picture");
        List<Encoded> out = new ArrayList<>(1);
        while (true) {
            int ret = avcodec_receive_packet(ctx, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                break;
            }
            Ffmpeg.check(ret, "taking an encoded picture");
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            out.add(new Encoded(data, (packet.flags() & AV_PKT_FLAG_KEY) != 0, p.capturedMs()));
            av_packet_unref(packet);
        }
        return out;
    }

    private void copyIn(Picture p) {
        byte[] d = p.data();
        copyPlane(d, 0, width, height, 0);
        copyPlane(d, p.uOffset(), width / 2, height / 2, 1);
        copyPlane(d, p.vOffset(), width / 2, height / 2, 2);
    }

    private void copyPlane(byte[] src, int offset, int w, int h, int plane) {
        int stride = frame.linesize(plane);
        var dst = frame.data(plane);
        if (stride == w) {
            dst.position(0).put(src, offset, w * h);
            return;
        }
        for (int y = 0; y < h; y++) {
            dst.position((long) y * stride).put(src, offset + y * w, w);
        }
        dst.position(0);
    }

    @Override
    public void close() {
        if (ctx != null) {
            avcodec_free_context(ctx);
            ctx = null;
        }
        av_frame_free(frame);
        av_packet_free(packet);
    }
}
