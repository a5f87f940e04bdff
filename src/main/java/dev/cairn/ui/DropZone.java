package dev.cairn.ui;

import dev.cairn.ingest.parse.DocumentTypes;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

/** Files dragged onto the window: the overlay says where they go while they hover, and a drop adds them. */
final class DropZone {

    private final MainViewModel viewModel;

    private DropZone(MainViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Makes all of {@code window} a drop target, shown by {@code overlay} while files hover over it. */
    static void install(Node window, Node overlay, Label subtitle, MainViewModel viewModel) {
        DropZone zone = new DropZone(viewModel);
        subtitle.setText("Files and whole folders: Cairn finds the documents inside and reads "
                + DocumentTypes.sentence() + ".");
        overlay.visibleProperty().bind(viewModel.dropActiveProperty());
        window.setOnDragOver(zone::onDragOver);
        window.setOnDragExited(zone::onDragExited);
        window.setOnDragDropped(zone::onDragDropped);
    }

    private void onDragOver(DragEvent event) {
        if (event.getDragboard().hasFiles()) {
            event.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            viewModel.dropActiveProperty().set(true);
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
        if (accepted) {
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
