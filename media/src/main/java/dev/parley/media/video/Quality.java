package dev.parley.media.video;

/** Peak signal-to-noise ratio between two pictures of the same size, over all three planes. */
public final class Quality {

    private Quality() {
    }

    /** PSNR in dB; 100 for identical pictures. */
    public static double psnr(Picture a, Picture b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("cannot compare " + a.width() + "x" + a.height() + " with "
                    + b.width() + "x" + b.height());
        }
        byte[] x = a.data();
        byte[] y = b.data();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            sum += (long) d * d;
        }
        if (sum == 0) {
            return 100;
        }
        double mse = (double) sum / x.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
