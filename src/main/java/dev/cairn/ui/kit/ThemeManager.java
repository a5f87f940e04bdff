package dev.cairn.ui.kit;

import dev.cairn.app.Settings;
import java.util.Objects;
import javafx.scene.Scene;

/**
 * One stylesheet ({@code cairn.css}) over Modena holds the look and the light palette as looked-up
 * colours; the dark theme is a second, small sheet that only redefines those colours.
 */
public final class ThemeManager {

    static final String BASE = stylesheet("cairn.css");
    public static final String DARK = stylesheet("cairn-dark.css");

    private ThemeManager() {}

    public static void apply(Scene scene, Settings.Theme theme) {
        if (theme == Settings.Theme.DARK) {
            scene.getStylesheets().setAll(BASE, DARK);
        } else {
            scene.getStylesheets().setAll(BASE);
        }
    }

    private static String stylesheet(String name) {
        return Objects.requireNonNull(ThemeManager.class.getResource(name), "missing stylesheet " + name)
                .toExternalForm();
    }
}
