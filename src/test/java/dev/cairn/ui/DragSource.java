package dev.cairn.ui;

import com.sun.javafx.tk.TKClipboard;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * What the operating system hands JavaFX while files are dragged in from a file manager: content
 * plus the transfer modes the source allows. TestFX can't start an OS drag, so tests put this behind
 * a real {@link javafx.scene.input.Dragboard} and fire real drag events at the window.
 */
final class DragSource implements TKClipboard {

    private final Map<DataFormat, Object> content = new LinkedHashMap<>();
    private Image dragView;
    private double offsetX;
    private double offsetY;

    @Override
    public Set<DataFormat> getContentTypes() {
        return content.keySet();
    }

    @SafeVarargs
    @Override
    public final boolean putContent(Pair<DataFormat, Object>... entries) {
        content.clear();
        for (Pair<DataFormat, Object> e : entries) {
            content.put(e.getKey(), e.getValue());
        }
        return true;
    }

    @Override
    public Object getContent(DataFormat format) {
        return content.get(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
        return content.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
        return EnumSet.of(TransferMode.COPY, TransferMode.LINK);
    }

    @Override
    public void setDragView(Image image) {
        dragView = image;
    }

    @Override
    public void setDragViewOffsetX(double x) {
        offsetX = x;
    }

    @Override
    public void setDragViewOffsetY(double y) {
        offsetY = y;
    }

    @Override
    public Image getDragView() {
        return dragView;
    }

    @Override
    public double getDragViewOffsetX() {
        return offsetX;
    }

    @Override
    public double getDragViewOffsetY() {
        return offsetY;
    }
}
