package dev.parley.app.ui;

import java.awt.AWTException;
import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desktop notification through the system tray, where the desktop has one; {@link #available}
 * is false elsewhere (no tray, or headless) and the window's toast is all there is.
 */
final class TrayNotice {

    private static final Logger log = LoggerFactory.getLogger(TrayNotice.class);

    private TrayIcon icon;
    private final boolean available;

    TrayNotice() {
        boolean ok;
        try {
            ok = !GraphicsEnvironment.isHeadless() && SystemTray.isSupported();
        } catch (RuntimeException | LinkageError e) {
            ok = false;
        }
        this.available = ok;
    }

    boolean available() {
        return available;
    }

    /** Shows {@code text} from the tray icon (added the first time), on the AWT thread. */
    void show(String title, String text) {
        if (!available) {
            return;
        }
        EventQueue.invokeLater(() -> {
            try {
                if (icon == null) {
                    icon = new TrayIcon(image(), "Parley");
                    icon.setImageAutoSize(true);
                    SystemTray.getSystemTray().add(icon);
                }
                icon.displayMessage(title, text, TrayIcon.MessageType.NONE);
            } catch (AWTException | RuntimeException e) {
                log.debug("tray notification failed: {}", e.toString());
            }
        });
    }

    void close() {
        if (icon != null) {
            TrayIcon i = icon;
            EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(i));
        }
    }

    /** Parley's green speech bubble, drawn at tray size. */
    private static BufferedImage image() {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x07, 0xc1, 0x60));
        g.fillRoundRect(2, 3, 28, 21, 12, 12);
        g.fillPolygon(new int[] {8, 8, 15}, new int[] {20, 30, 22}, 3);
        g.setColor(Color.WHITE);
        for (int x : new int[] {9, 15, 21}) {
            g.fillOval(x, 12, 4, 4);
        }
        g.dispose();
        return img;
    }
}
