package dev.parley.app.ui;

import dev.parley.app.call.Call;
import dev.parley.app.call.CallState;
import dev.parley.app.core.Messenger;
import dev.parley.media.call.CallStats;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The call window: the friend's video large with our preview small in a corner, the call's state
 * and timer, a quality line (fps, bitrate, round trip, loss), and mute / camera / hang-up buttons.
 * Closing it hangs up.
 */
final class CallWindow {

    private final Texts texts;
    private final Messenger messenger;
    private final Stage stage = new Stage();
    private final Label title = new Label();
    private final Label status = new Label();
    private final Label quality = new Label();
    private final Label using = new Label();
    private final ImageView remote = new ImageView();
    private final ImageView local = new ImageView();
    private final FxVideoView remoteView = new FxVideoView(remote);
    private final FxVideoView localView = new FxVideoView(local);
    private final ToggleButton mute = new ToggleButton();
    private final ToggleButton camera = new ToggleButton();
    private final Timeline clock;
    private Call call;

    CallWindow(Texts texts, Look look, Messenger messenger, Window owner) {
        this.texts = texts;
        this.messenger = messenger;
        messenger.setCallViews(remoteView, localView);
        title.getStyleClass().add("call-title");
        title.setId("call-title");
        status.setId("call-status");
        status.getStyleClass().add("call-status");
        quality.setId("call-quality");
        quality.getStyleClass().add("call-quality");
        using.setId("call-devices");
        using.getStyleClass().addAll("call-quality", "muted");
        remote.setPreserveRatio(true);
        remote.setFitWidth(640);
        remote.setFitHeight(480);
        remote.setId("call-remote-video");
        local.setPreserveRatio(true);
        local.setFitWidth(160);
        local.setId("call-local-video");
        StackPane screen = new StackPane(remote, local);
        screen.getStyleClass().add("call-screen");
        screen.setPrefSize(640, 480);
        StackPane.setAlignment(local, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(local, new Insets(10));

        mute.setGraphic(look.icon("mic", 18));
        mute.setId("call-mute");
        mute.setText(texts.get("call.mute"));
        mute.setOnAction(e -> {
            messenger.muteMicrophone(mute.isSelected());
            mute.setText(texts.get(mute.isSelected() ? "call.unmute" : "call.mute"));
        });
        camera.setGraphic(look.icon("video", 18));
        camera.setId("call-camera");
        camera.setOnAction(e -> {
            messenger.camera(camera.isSelected());
            camera.setText(texts.get(camera.isSelected() ? "call.camera.off" : "call.camera.on"));
            if (!camera.isSelected()) {
                localView.clear();
            }
        });
        Button hangup = new Button(texts.get("call.hangup"), look.icon("hangup", 18));
        hangup.setId("call-hangup");
        hangup.getStyleClass().add("hangup-button");
        hangup.setOnAction(e -> messenger.hangup());
        HBox buttons = new HBox(10, mute, camera, hangup);
        buttons.setAlignment(Pos.CENTER);
        VBox top = new VBox(2, title, status);
        top.setPadding(new Insets(10, 12, 6, 12));
        VBox bottom = new VBox(6, quality, using, buttons);
        bottom.setAlignment(Pos.CENTER);
        bottom.setPadding(new Insets(8, 12, 12, 12));
        BorderPane root = new BorderPane(screen, top, null, bottom, null);
        root.getStyleClass().add("call-window");
        Scene scene = new Scene(root);
        look.style(scene);
        stage.setScene(scene);
        stage.initOwner(owner);
        stage.setOnCloseRequest(e -> messenger.hangup());
        clock = new Timeline(new KeyFrame(Duration.seconds(1), e -> tickTimer()));
        clock.setCycleCount(Timeline.INDEFINITE);
    }

    /** The friend's pictures painted so far. */
    long remoteShown() {
        return remoteView.shown();
    }

    boolean showing() {
        return stage.isShowing();
    }

    Stage stage() {
        return stage;
    }

    void update(Call c) {
        this.call = c;
        stage.setTitle(texts.get("call.window.title", c.peer()));
        title.setText(c.peer());
        camera.setSelected(c.video());
        camera.setText(texts.get(c.video() ? "call.camera.off" : "call.camera.on"));
        status.setText(switch (c.state()) {
            case CALLING -> texts.get("call.state.calling");
            case RINGING -> texts.get("call.state.ringing");
            case CONNECTING -> texts.get("call.state.connecting");
            case ACTIVE -> texts.get("call.state.active", "0:00");
            case ENDED -> texts.get("call.state.ended", c.reason());
        });
        if (c.state() == CallState.ACTIVE) {
            clock.play();
        }
        if (c.state() == CallState.ENDED) {
            clock.stop();
            quality.setText("");
            using.setText("");
            remoteView.clear();
            localView.clear();
        }
        if (!stage.isShowing() && c.state() != CallState.ENDED) {
            stage.show();
        }
    }

    void stats(CallStats s) {
        quality.setText(String.format(Locale.ROOT, "%.0f fps · %.0f kbit/s · %s · %s %.1f%%", s.videoIn().fps(),
                s.videoIn().kbps() + s.audioIn().kbps(),
                Double.isNaN(s.rttMs()) ? "—" : texts.get("call.rtt", Math.round(s.rttMs())),
                texts.get("call.loss"), Math.max(s.videoIn().lossPct(), s.audioIn().lossPct())));
        using.setText(texts.get("call.devices", s.camera(), s.microphone()));
    }

    private void tickTimer() {
        if (call != null && call.state() == CallState.ACTIVE && call.startedAt() > 0) {
            long s = (System.currentTimeMillis() - call.startedAt()) / 1000;
            status.setText(texts.get("call.state.active", String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60)));
        }
    }

    void close() {
        clock.stop();
        stage.close();
    }
}
