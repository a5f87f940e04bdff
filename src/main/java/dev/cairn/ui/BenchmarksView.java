package dev.cairn.ui;

import javafx.scene.layout.VBox;

/** Where benchmark runs will show; for now it says how to run them. */
public final class BenchmarksView extends VBox {

    public BenchmarksView() {
        Fxml.loadInto(this);
    }
}
