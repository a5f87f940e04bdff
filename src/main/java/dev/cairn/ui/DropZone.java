package dev.cairn.ui;

import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.Words;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

/**
 * Files dragged onto the window: the overlay says where they go while they hover, and a drop adds
 * them. A drop as a link (Ctrl+Shift held on Linux and Windows, Option+Command on macOS) watches the
 * folders dropped instead: they stay in step with the library from then on.
 */
final class DropZone {

    private final MainViewModel viewModel;
    private final Label subtitle;
    private final String addText;

    private DropZone(MainViewModel viewModel, Label subtitle) {
        this.viewModel = viewModel;
        this.subtitle = subtitle;
        this.addText = Words.get("drop.add", Phrase.show(DocumentTypes.sentence()));
    }

    /** Makes all of {@code window} a drop target, shown by {@code overlay} while files hover over it. */
    static void install(Node window, Node overlay, Label subtitle, MainViewModel viewModel) {
        DropZone zone = new DropZone(viewModel, subtitle);
        subtitle.setText(zone.addText);
        overlay.visibleProperty().bind(viewModel.dropActiveProperty());
        window.setOnDragOver(zone::onDragOver);
        window.setOnDragExited(zone::onDragExited);
        window.setOnDragDropped(zone::onDragDropped);
    }

    private void onDragOver(DragEvent event) {
        if (event.getDragboard().hasFiles()) {
            event.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            viewModel.dropActiveProperty().set(true);
            subtitle.setText(event.getTransferMode() == TransferMode.LINK ? Words.get("drop.watch") : addText);
        }
        event.consume();
    }

    private void onDragExited(DragEvent event) {
        viewModel.dropActiveProperty().set(false);
        event.consume();
    }

    private void onDragDropped(DragEvent event) {
        Dragboard board = event.getDragboard();
        boolean accepted = board.hasFiles() && !board.getFiles().isEmpty();
        if (accepted && event.getTransferMode() == TransferMode.LINK) {
            viewModel.pageProperty().set(Page.LIBRARY);
            List<Path> paths = toPaths(board.getFiles());
            List<Path> folders = paths.stream().filter(Files::isDirectory).toList();
            folders.forEach(viewModel.watchedFolders()::add);
            List<Path> files = paths.stream().filter(p -> !folders.contains(p)).toList();
            if (!files.isEmpty()) {
                viewModel.addPaths(files);
            }
        } else if (accepted) {
            viewModel.addPaths(toPaths(board.getFiles()));
        }
        viewModel.dropActiveProperty().set(false);
        event.setDropCompleted(accepted);
        event.consume();
    }

    static List<Path> toPaths(List<File> files) {
        return files.stream().map(File::toPath).toList();
    }
}
