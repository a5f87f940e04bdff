package dev.cairn.ui;

import javafx.application.Application;

/** Starts the JavaFX application (kept apart from {@link CairnApp} so JavaFX can run from the class path). */
public final class DesktopLauncher {

    private DesktopLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(CairnApp.class, args);
    }
}
