package dev.parley.app.ui;

import dev.parley.media.video.Picture;
import dev.parley.media.video.Rgb;
import dev.parley.media.video.VideoView;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Shows a call's pictures in an ImageView. The media thread converts to RGB; only the newest
 * picture waits for the JavaFX thread, so a slow screen drops pictures instead of falling behind.
 */
final class FxVideoView implements VideoView {

    private record Frame(int width, int height, int[] argb) {
    }

    private final ImageView target;
    private final AtomicReference<Frame> latest = new AtomicReference<>();
    private WritableImage image;
    private volatile long shown;

    FxVideoView(ImageView target) {
        this.target = target;
    }

    @Override
    public void show(Picture p) {
        Frame f = new Frame(p.width(), p.height(), Rgb.toArgb(p));
        if (latest.getAndSet(f) == null) {
            Platform.runLater(this::paint);
        }
    }

    /** Pictures painted so far. */
    long shown() {
        return shown;
    }

    private void paint() {
        Frame f = latest.getAndSet(null);
        if (f == null) {
            return;
        }
        if (image == null || image.getWidth() != f.width() || image.getHeight() != f.height()) {
            image = new WritableImage(f.width(), f.height());
            target.setImage(image);
        }
        image.getPixelWriter().setPixels(0, 0, f.width(), f.height(), PixelFormat.getIntArgbInstance(), f.argb(), 0, f.width());
        shown++;
    }

    void clear() {
        latest.set(null);
        target.setImage(null);
        image = null;
    }
}
