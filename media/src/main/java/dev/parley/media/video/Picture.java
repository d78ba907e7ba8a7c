package dev.parley.media.video;

import java.util.Objects;

/**
 * One uncompressed picture in I420 (planar YUV 4:2:0: a full-size Y plane, then quarter-size U
 * and V planes), with when it was captured on the capturing computer's clock.
 */
public record Picture(int width, int height, byte[] data, long capturedMs) {

    public Picture {
        Objects.requireNonNull(data, "data");
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("a picture must have an even, positive size, was " + width + "x" + height);
        }
        if (data.length != size(width, height)) {
            throw new IllegalArgumentException("an I420 " + width + "x" + height + " picture has " + size(width, height)
                    + " bytes, got " + data.length);
        }
    }

    /** Bytes of an I420 picture of this size. */
    public static int size(int width, int height) {
        return width * height * 3 / 2;
    }

    public static Picture blank(int width, int height, long capturedMs) {
        return new Picture(width, height, new byte[size(width, height)], capturedMs);
    }

    public int uOffset() {
        return width * height;
    }

    public int vOffset() {
        return width * height + (width / 2) * (height / 2);
    }
}
