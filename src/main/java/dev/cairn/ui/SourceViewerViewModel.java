package dev.cairn.ui;

import dev.cairn.ingest.parse.SourcePassages;
import java.awt.image.BufferedImage;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The cited passage in its document: a PDF page rendered with the passage boxed, or the document's
 * text with the passage selected. Loading (parsing, rendering) runs on a background job.
 */
public final class SourceViewerViewModel {

    /** How the source shows: nothing yet, a rendered page, or text. */
    public enum Kind {
        NONE,
        PDF,
        TEXT
    }

    /** Sharp enough to read on a laptop screen without a huge image (a Letter page is ~940 px wide). */
    static final float DPI = 110f;

    private final TaskRunner tasks;
    private final DesktopActions desktop;
    private final ObjectProperty<CitationItem> citation = new SimpleObjectProperty<>();
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.NONE);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final StringProperty message = new SimpleStringProperty("");
    private final IntegerProperty page = new SimpleIntegerProperty();
    private final IntegerProperty pageCount = new SimpleIntegerProperty();
    private final DoubleProperty pageWidth = new SimpleDoubleProperty();
    private final DoubleProperty pageHeight = new SimpleDoubleProperty();
    private final ObjectProperty<Image> pageImage = new SimpleObjectProperty<>();
    private final ObservableList<SourcePassages.Box> highlights = FXCollections.observableArrayList();
    private final ObservableList<SourcePassages.Box> focus = FXCollections.observableArrayList();
    private final StringProperty text = new SimpleStringProperty("");
    private final IntegerProperty selectionStart = new SimpleIntegerProperty();
    private final IntegerProperty selectionEnd = new SimpleIntegerProperty();
    private Runnable onBack = () -> {};
    private Task<?> current;

    public SourceViewerViewModel(TaskRunner tasks, DesktopActions desktop) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.desktop = Objects.requireNonNull(desktop, "desktop");
    }

    /** Shows the citation's source: its page for a paged document, else its text. Call on the FX thread. */
    public void open(CitationItem item) {
        if (current != null) {
            current.cancel();
        }
        citation.set(item);
        kind.set(Kind.NONE);
        pageImage.set(null);
        highlights.clear();
        focus.clear();
        text.set("");
        page.set(item.page());
        message.set("");
        loading.set(true);
        Task<Void> job = item.page() > 0 ? pdfJob(item) : textJob(item);
        job.setOnFailed(e -> {
            loading.set(false);
            Throwable t = job.getException();
            message.set("Couldn't show " + item.document() + ": "
                    + (t == null || t.getMessage() == null ? "see the log" : t.getMessage())
                    + " You can still open it in its own app.");
        });
        current = job;
        tasks.run(job);
    }

    private Task<Void> pdfJob(CitationItem item) {
        return new Task<>() {
            private SourcePassages.RenderedPage rendered;
            private Image image;

            @Override
            protected Void call() throws Exception {
                updateTitle("Showing page " + item.page() + " of " + item.document());
                rendered = SourcePassages.renderPdfPage(item.source(), item.page(), item.passage(), item.terms(), DPI);
                image = toFx(rendered.image());
                return null;
            }

            @Override
            protected void succeeded() {
                loading.set(false);
                pageCount.set(rendered.pageCount());
                pageWidth.set(rendered.width());
                pageHeight.set(rendered.height());
                pageImage.set(image);
                focus.setAll(rendered.focus());
                highlights.setAll(rendered.highlights());
                kind.set(Kind.PDF);
                if (rendered.highlights().isEmpty()) {
                    message.set(
                            "The passage's exact words weren't found on this page; it is the page the citation names.");
                }
            }
        };
    }

    private Task<Void> textJob(CitationItem item) {
        return new Task<>() {
            private String body;

            @Override
            protected Void call() throws Exception {
                updateTitle("Showing " + item.document());
                body = SourcePassages.documentText(item.source());
                return null;
            }

            @Override
            protected void succeeded() {
                loading.set(false);
                int start;
                int end;
                if (item.hasRange() && item.charEnd() <= body.length()) {
                    start = item.charStart();
                    end = item.charEnd();
                } else {
                    // No offsets, or the file changed since it was indexed: look for the words instead.
                    start = body.indexOf(item.passage().strip());
                    end = start < 0 ? 0 : start + item.passage().strip().length();
                    if (start < 0) {
                        start = 0;
                        message.set(
                                "The passage wasn't found in the file as it is now; it may have changed since it was indexed.");
                    }
                }
                text.set(body);
                selectionStart.set(start);
                selectionEnd.set(end);
                kind.set(Kind.TEXT);
            }
        };
    }

    /** A page image the FX scene graph can show; built on the background thread. */
    private static Image toFx(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        WritableImage fx = new WritableImage(w, h);
        fx.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return fx;
    }

    /** Hands the cited file to the operating system's app for it. */
    public void openInSystemApp() {
        CitationItem item = citation.get();
        if (item != null && item.source() != null) {
            desktop.open(item.source());
        }
    }

    /** Returns to where the citation was clicked. */
    public void back() {
        onBack.run();
    }

    void setOnBack(Runnable onBack) {
        this.onBack = Objects.requireNonNull(onBack);
    }

    public ObjectProperty<CitationItem> citationProperty() {
        return citation;
    }

    public ObjectProperty<Kind> kindProperty() {
        return kind;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public IntegerProperty pageProperty() {
        return page;
    }

    public IntegerProperty pageCountProperty() {
        return pageCount;
    }

    public DoubleProperty pageWidthProperty() {
        return pageWidth;
    }

    public DoubleProperty pageHeightProperty() {
        return pageHeight;
    }

    public ObjectProperty<Image> pageImageProperty() {
        return pageImage;
    }

    public ObservableList<SourcePassages.Box> highlights() {
        return highlights;
    }
    /** The sentence to look at first, within the highlights; set before them. */
    public ObservableList<SourcePassages.Box> focus() {
        return focus;
    }

    public StringProperty textProperty() {
        return text;
    }

    public IntegerProperty selectionStartProperty() {
        return selectionStart;
    }

    public IntegerProperty selectionEndProperty() {
        return selectionEnd;
    }
}
