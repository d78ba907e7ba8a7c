package dev.parley.media.audio;

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
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Opus through libopus (FFmpeg's own opus encoder adds about 360 ms), VoIP mode, one 20 ms frame
 * in, one packet out. Not thread-safe: the audio capture thread owns it.
 */
public final class OpusEncoder implements AutoCloseable {

    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;
    private long pts;

    public OpusEncoder(int bitrate) throws MediaException {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no libopus encoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.sample_rate(Sound.RATE);
        ctx.sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(ctx.ch_layout(), 1);
        ctx.bit_rate(bitrate);
        ctx.time_base(av_make_q(1, Sound.RATE));
        AVDictionary opts = new AVDictionary(null);
        av_dict_set(opts, "application", "voip", 0);
        av_dict_set(opts, "frame_duration", String.valueOf(Sound.FRAME_MS), 0);
        int ret = avcodec_open2(ctx, codec, opts);
        av_dict_free(opts);
        if (ret < 0) {
            avcodec_free_context(ctx);
            throw new MediaException("opening the Opus encoder failed: " + Ffmpeg.describe(ret));
        }
        if (ctx.frame_size() != Sound.FRAME) {
            throw new MediaException("the Opus encoder wants frames of " + ctx.frame_size() + " samples, not " + Sound.FRAME);
        }
        frame = av_frame_alloc();
        frame.format(AV_SAMPLE_FMT_S16);
        frame.nb_samples(Sound.FRAME);
        frame.sample_rate(Sound.RATE);
        av_channel_layout_default(frame.ch_layout(), 1);
        Ffmpeg.check(av_frame_get_buffer(frame, 0), "allocating an audio frame");
        packet = av_packet_alloc();
    }

    /** Encodes one 20 ms frame; null while the encoder is still filling its look-ahead. */
    public byte[] encode(short[] pcm) throws MediaException {
        if (pcm.length != Sound.FRAME) {
            throw new MediaException("an audio frame has " + Sound.FRAME + " samples, got " + pcm.length);
        }
        Ffmpeg.check(av_frame_make_writable(frame), "making the audio frame writable");
        frame.data(0).position(0).capacity((long) pcm.length * 2).asByteBuffer()
                .order(java.nio.ByteOrder.nativeOrder()).asShortBuffer().put(pcm);
        frame.pts(pts);
        pts += Sound.FRAME;
        Ffmpeg.check(avcodec_send_frame(ctx, frame), "encoding audio");
        byte[] out = null;
        while (true) {
            int ret = avcodec_receive_packet(ctx, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                break;
            }
            Ffmpeg.check(ret, "taking encoded audio");
            out = new byte[packet.size()];
            packet.data().get(out);
            av_packet_unref(packet);
        }
        return out;
    }

    @Override
    public void close() {
        AVCodecContext c = ctx;
        avcodec_free_context(c);
        av_frame_free(frame);
        av_packet_free(packet);
    }
}
