package dev.cairn.ui.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;

/** Loads {@code XxxView.fxml} from the view's own package path as its {@code fx:root}, the view as controller. */
public final class Fxml {

    private Fxml() {}

    public static void loadInto(Object view) {
        String name = view.getClass().getSimpleName() + ".fxml";
        URL url = view.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException(
                    "missing " + name + " next to " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url, Words.bundle());
        loader.setRoot(view);
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + name, e);
        }
    }
}
