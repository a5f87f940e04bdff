package dev.cairn.ui;

import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.Words;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.application.HostServices;

/** Opens files and folders through JavaFX's host services (the desktop's default application). */
final class HostDesktopActions implements DesktopActions {

    private final HostServices host;
    private final Consumer<String> problems;

    HostDesktopActions(HostServices host, Consumer<String> problems) {
        this.host = host;
        this.problems = problems;
    }

    @Override
    public void open(Path file) {
        if (!Files.exists(file)) {
            problems.accept(Words.get("desktop.cannotOpen", file));
            return;
        }
        host.showDocument(file.toUri().toString());
    }

    @Override
    public void showInFolder(Path file) {
        Path folder = Files.isDirectory(file) ? file : file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            problems.accept(Words.get("desktop.cannotShow", file));
            return;
        }
        host.showDocument(folder.toUri().toString());
    }
}
