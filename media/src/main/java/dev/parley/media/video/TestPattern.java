package dev.parley.media.video;

/**
 * The synthetic camera's picture: smooth moving colour gradients and a bouncing square, with the
 * frame counter and the capture time written as black and white blocks along the top. The blocks
 * survive lossy coding, so a receiver can read which frame it shows and redraw the exact original
 * to measure quality (PSNR) against it.
 */
public final class TestPattern {

    /** Rows the code strip takes at the top. */
    static final int STRIP_HEIGHT = 16;
    private static final int COUNTER_BITS = 32;
    private static final int TIME_BITS = 48;
    private static final int BITS = COUNTER_BITS + TIME_BITS;
    private static final int DARK = 16;
    private static final int LIGHT = 235;

    private TestPattern() {
    }

    /** What the strip of a decoded picture says. */
    public record Stamp(long counter, long capturedMs) {
    }

    /** Draws frame {@code counter}, captured at {@code capturedMs}, into {@code p}. */
    public static void draw(Picture p, long counter, long capturedMs) {
        int w = p.width();
        int h = p.height();
        byte[] d = p.data();
        int shift = (int) (counter * 3);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                d[row + x] = (byte) (40 + triangle(x + y / 2 + shift, 2 * w) * 150 / (2 * w));
            }
        }
        int cw = w / 2;
        int ch = h / 2;
        int u = p.uOffset();
        int v = p.vOffset();
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                d[u + y * cw + x] = (byte) (128 + (triangle(x + shift / 2, cw) * 80 / cw) - 40);
                d[v + y * cw + x] = (byte) (128 + (triangle(y * 2 + shift / 3, ch * 2) * 80 / (ch * 2)) - 40);
            }
        }
        square(p, counter);
        strip(p, counter, capturedMs);
    }

    /** What a decoded picture says it is, and how close it is to that original (PSNR, dB). */
    public record Check(Stamp stamp, double psnr) {
    }

    /** Reads {@code decoded}'s strip, redraws that original and compares. */
    public static Check check(Picture decoded) {
        Stamp s = read(decoded);
        Picture original = Picture.blank(decoded.width(), decoded.height(), 0);
        draw(original, s.counter(), s.capturedMs());
        return new Check(s, Quality.psnr(original, decoded));
    }

    /** Reads the strip of a (decoded) picture drawn by {@link #draw}. */
    public static Stamp read(Picture p) {
        int w = p.width();
        int block = w / BITS;
        long counter = 0;
        long time = 0;
        for (int i = 0; i < BITS; i++) {
            int sum = 0;
            int n = 0;
            for (int y = 4; y < STRIP_HEIGHT - 4; y++) {
                for (int x = i * block + block / 4; x < (i + 1) * block - block / 4; x++) {
                    sum += p.data()[y * w + x] & 0xff;
                    n++;
                }
            }
            long bit = sum / n > 128 ? 1 : 0;
            if (i < COUNTER_BITS) {
                counter = (counter << 1) | bit;
            } else {
                time = (time << 1) | bit;
            }
        }
        return new Stamp(counter, time);
    }

    private static int triangle(int t, int period) {
        int m = Math.floorMod(t, period);
        return m < period / 2 ? m * 2 : (period - m) * 2;
    }

    private static void square(Picture p, long counter) {
        int w = p.width();
        int h = p.height();
        int size = Math.max(8, h / 6) & ~1;
        int x0 = triangle((int) (counter * 4), 2 * (w - size)) / 2 & ~1;
        int y0 = STRIP_HEIGHT + (triangle((int) (counter * 3), 2 * (h - size - STRIP_HEIGHT)) / 2 & ~1);
        byte[] d = p.data();
        for (int y = y0; y < y0 + size && y < h; y++) {
            for (int x = x0; x < x0 + size && x < w; x++) {
                d[y * w + x] = (byte) 210;
            }
        }
        int cw = w / 2;
        for (int y = y0 / 2; y < (y0 + size) / 2 && y < h / 2; y++) {
            for (int x = x0 / 2; x < (x0 + size) / 2 && x < cw; x++) {
                d[p.uOffset() + y * cw + x] = (byte) 60;
                d[p.vOffset() + y * cw + x] = (byte) 200;
            }
        }
    }

    private static void strip(Picture p, long counter, long capturedMs) {
        int w = p.width();
        int block = w / BITS;
        if (block < 4) {
            throw new IllegalArgumentException("the test pattern needs a picture at least " + BITS * 4 + " wide");
        }
        byte[] d = p.data();
        for (int y = 0; y < STRIP_HEIGHT; y++) {
            for (int x = 0; x < w; x++) {
                int i = x / block;
                int value;
                if (i >= BITS) {
                    value = DARK;
                } else if (i < COUNTER_BITS) {
                    value = ((counter >>> (COUNTER_BITS - 1 - i)) & 1) == 1 ? LIGHT : DARK;
                } else {
                    value = ((capturedMs >>> (TIME_BITS - 1 - (i - COUNTER_BITS))) & 1) == 1 ? LIGHT : DARK;
                }
                d[y * w + x] = (byte) value;
            }
        }
        int cw = w / 2;
        for (int y = 0; y < STRIP_HEIGHT / 2; y++) {
            for (int x = 0; x < cw; x++) {
                d[p.uOffset() + y * cw + x] = (byte) 128;
                d[p.vOffset() + y * cw + x] = (byte) 128;
            }
        }
    }
}
