package dev.cairn.ui.kit;

import java.nio.file.Path;

/** Hands files to the operating system: open a document, show the folder that holds it. */
public interface DesktopActions {

    void open(Path file);

    void showInFolder(Path file);
}
