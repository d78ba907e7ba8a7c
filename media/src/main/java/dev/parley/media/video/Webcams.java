package dev.parley.media.video;

import com.github.sarxos.webcam.Webcam;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real cameras through webcam-capture. Every call is guarded: a machine without cameras lists none. */
public final class Webcams {

    private Webcams() {
    }

    /** The cameras' names; empty when there are none or the camera system cannot start. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        try {
            for (Webcam w : Webcam.getWebcams(2, TimeUnit.SECONDS)) {
                out.add(w.getName());
            }
        } catch (Throwable e) {
            // No camera drivers (no libv4l, a headless server): there are no cameras.
        }
        return out;
    }

    /** Opens camera {@code name} (null: the first) at {@code width}×{@code height}. */
    public static VideoSource open(String name, int width, int height) throws IOException {
        Webcam cam;
        try {
            cam = null;
            for (Webcam w : Webcam.getWebcams(2, TimeUnit.SECONDS)) {
                if (name == null || w.getName().equals(name)) {
                    cam = w;
                    break;
                }
            }
        } catch (Throwable e) {
            throw new IOException("cannot list cameras: " + e.getMessage(), e);
        }
        if (cam == null) {
            throw new IOException(name == null ? "there is no camera" : "there is no camera called " + name);
        }
        try {
            cam.setCustomViewSizes(new Dimension(width, height));
            cam.setViewSize(new Dimension(width, height));
            if (!cam.open()) {
                throw new IOException("the camera " + cam.getName() + " did not open");
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot open the camera " + cam.getName() + ": " + e.getMessage(), e);
        }
        return new Camera(cam, width, height);
    }

    private record Camera(Webcam cam, int width, int height) implements VideoSource {
        @Override
        public String name() {
            return cam.getName();
        }

        @Override
        public Picture capture() throws IOException {
            BufferedImage img = cam.getImage();
            if (img == null) {
                throw new IOException("the camera " + cam.getName() + " gave no picture");
            }
            int w = Math.min(width, img.getWidth()) & ~1;
            int h = Math.min(height, img.getHeight()) & ~1;
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            return Rgb.fromArgb(argb, w, h, System.currentTimeMillis());
        }

        @Override
        public void close() {
            cam.close();
        }
    }
}
