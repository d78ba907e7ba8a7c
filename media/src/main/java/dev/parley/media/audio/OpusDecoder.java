package dev.parley.media.audio;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.parley.media.Ffmpeg;
import dev.parley.media.MediaException;
import java.nio.ByteOrder;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Opus packets back to 20 ms of 48 kHz mono samples. Not thread-safe: the playout thread owns it. */
public final class OpusDecoder implements AutoCloseable {

    private final AVCodecContext ctx;
    private final AVFrame frame;
    private final AVPacket packet;

    public OpusDecoder() throws MediaException {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_decoder_by_name("libopus");
        if (codec == null) {
            throw new MediaException("this FFmpeg build has no libopus decoder");
        }
        ctx = avcodec_alloc_context3(codec);
        ctx.sample_rate(Sound.RATE);
        ctx.request_sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(ctx.ch_layout(), 1);
        int ret = avcodec_open2(ctx, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null);
        if (ret < 0) {
            avcodec_free_context(ctx);
            throw new MediaException("opening the Opus decoder failed: " + Ffmpeg.describe(ret));
        }
        frame = av_frame_alloc();
        packet = av_packet_alloc();
    }

    /** Decodes one packet into its samples. */
    public short[] decode(byte[] data) throws MediaException {
        Ffmpeg.check(av_new_packet(packet, data.length), "allocating an audio packet");
        packet.data().put(data, 0, data.length);
        int sent = avcodec_send_packet(ctx, packet);
        av_packet_unref(packet);
        Ffmpeg.check(sent, "decoding Opus");
        short[] out = null;
        while (true) {
            int ret = avcodec_receive_frame(ctx, frame);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                break;
            }
            Ffmpeg.check(ret, "taking decoded audio");
            out = samples();
            av_frame_unref(frame);
        }
        if (out == null) {
            throw new MediaException("an Opus packet of " + data.length + " bytes gave no sound");
        }
        return out;
    }

    private short[] samples() throws MediaException {
        int n = frame.nb_samples();
        short[] pcm = new short[n];
        if (frame.format() == AV_SAMPLE_FMT_S16) {
            frame.data(0).capacity((long) n * 2).asByteBuffer().order(ByteOrder.nativeOrder()).asShortBuffer().get(pcm);
        } else if (frame.format() == AV_SAMPLE_FMT_FLT) {
            var f = frame.data(0).capacity((long) n * 4).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < n; i++) {
                pcm[i] = Sound.clip(f.get(i) * 32767.0);
            }
        } else {
            throw new MediaException("the Opus decoder gave sample format " + frame.format());
        }
        return pcm;
    }

    @Override
    public void close() {
        avcodec_free_context(ctx);
        av_frame_free(frame);
        av_packet_free(packet);
    }
}
