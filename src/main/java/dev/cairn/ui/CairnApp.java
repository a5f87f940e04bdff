package dev.cairn.ui;

import javafx.application.Application;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The desktop app. A placeholder window until the desktop views land. */
public final class CairnApp extends Application {

    @Override
    public void start(Stage stage) {
        Label title = new Label("Cairn");
        title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold;");
        Label hint = new Label("Drop documents here to build your knowledge base.");
        VBox root = new VBox(12, title, hint);
        root.setAlignment(Pos.CENTER);
        stage.setTitle("Cairn");
        stage.setScene(new Scene(root, 960, 640));
        stage.show();
    }
}
