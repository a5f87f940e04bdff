package dev.cairn.ui.library;

import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/** A coloured status pill; a failed document also shows its reason below it and in a tooltip. */
final class StatusCell extends TableCell<DocumentRow, RowStatus> {

    private final Label pill = new Label();
    private final Label reason = new Label();
    private final VBox box = new VBox(2, pill, reason);

    StatusCell() {
        pill.getStyleClass().add("status-pill");
        reason.getStyleClass().add("status-reason");
        // One line keeps rows even; a long reason ends in an ellipsis and reads in full in the tooltip.
        reason.setWrapText(false);
        box.getStyleClass().add("status-box");
    }

    private final Tooltip tooltip = new Tooltip();
    private RowStatus shown;

    @Override
    protected void updateItem(RowStatus status, boolean empty) {
        super.updateItem(status, empty);
        if (empty || status == null || getTableRow() == null || getTableRow().getItem() == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        // Visible rows are updated on every batch of pipeline reports: a style class changes (and CSS is
        // applied again) only when the status did, and the one tooltip is reused.
        if (status != shown) {
            pill.getStyleClass().removeIf(c -> c.startsWith("status-") && !c.equals("status-pill"));
            pill.getStyleClass().add("status-" + status.label());
            pill.setText(status.text());
            shown = status;
        }
        String why = getTableRow().getItem().reason();
        boolean failed = status == RowStatus.FAILED && !why.isEmpty();
        reason.setText(failed ? why : "");
        reason.setVisible(failed);
        reason.setManaged(failed);
        if (failed) {
            tooltip.setText(why);
        }
        setTooltip(failed ? tooltip : null);
        setGraphic(box);
    }
}
