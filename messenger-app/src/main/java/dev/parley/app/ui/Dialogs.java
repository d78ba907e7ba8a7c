package dev.parley.app.ui;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** Small windows over the main one, in the current theme; Esc closes them. */
final class Dialogs {

    private Dialogs() {
    }

    static Stage open(Window owner, Look look, String title, Parent body, boolean modal) {
        Stage s = new Stage();
        s.initOwner(owner);
        if (modal) {
            s.initModality(Modality.WINDOW_MODAL);
        }
        s.setTitle(title);
        body.getStyleClass().add("dialog-body");
        Scene scene = new Scene(body);
        look.style(scene);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                s.close();
                e.consume();
            }
        });
        s.setScene(scene);
        s.setResizable(false);
        s.show();
        if (owner != null) {
            s.setX(owner.getX() + (owner.getWidth() - s.getWidth()) / 2);
            s.setY(owner.getY() + (owner.getHeight() - s.getHeight()) / 3);
        }
        return s;
    }
}
