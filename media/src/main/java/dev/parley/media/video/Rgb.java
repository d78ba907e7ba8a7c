package dev.parley.media.video;

/** Converts between packed RGB pixels (0xAARRGGBB) and I420, BT.601 limited range. */
public final class Rgb {

    private Rgb() {
    }

    /** I420 to opaque 0xFFRRGGBB pixels, for showing. */
    public static int[] toArgb(Picture p) {
        int w = p.width();
        int h = p.height();
        byte[] d = p.data();
        int cw = w / 2;
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int crow = (y / 2) * cw;
            for (int x = 0; x < w; x++) {
                int c = (d[y * w + x] & 0xff) - 16;
                int u = (d[p.uOffset() + crow + x / 2] & 0xff) - 128;
                int v = (d[p.vOffset() + crow + x / 2] & 0xff) - 128;
                int r = clamp((298 * c + 409 * v + 128) >> 8);
                int g = clamp((298 * c - 100 * u - 208 * v + 128) >> 8);
                int b = clamp((298 * c + 516 * u + 128) >> 8);
                out[y * w + x] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    /** Packed RGB pixels (a camera's picture) to I420; width and height must be even. */
    public static Picture fromArgb(int[] argb, int w, int h, long capturedMs) {
        Picture p = Picture.blank(w, h, capturedMs);
        byte[] d = p.data();
        int cw = w / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int px = argb[y * w + x];
                int r = (px >> 16) & 0xff;
                int g = (px >> 8) & 0xff;
                int b = px & 0xff;
                d[y * w + x] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
                if ((x & 1) == 0 && (y & 1) == 0) {
                    d[p.uOffset() + (y / 2) * cw + x / 2] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                    d[p.vOffset() + (y / 2) * cw + x / 2] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
                }
            }
        }
        return p;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
