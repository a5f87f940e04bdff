package dev.cairn.ui.viewer;

import dev.cairn.ingest.parse.Attachment;
import dev.cairn.ingest.parse.SourcePassages;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The cited passage in its document: a PDF page rendered with the passage boxed, or the document's
 * text with the passage selected (an e-mail's attachment always as text, read again from its
 * message). Scanned pages are read with the Tesseract of the settings. Loading (parsing,
 * rendering) runs on a background job.
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
    private final Supplier<Tesseract> ocr;
    private final ReadOnlyObjectWrapper<CitationItem> citation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Kind> kind = new ReadOnlyObjectWrapper<>(Kind.NONE);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyDoubleWrapper pageWidth = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper pageHeight = new ReadOnlyDoubleWrapper();
    private final ReadOnlyObjectWrapper<Image> pageImage = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SourcePassages.Box> highlights = FXCollections.observableArrayList();
    private final ObservableList<SourcePassages.Box> focus = FXCollections.observableArrayList();
    /** One read-only view of each, kept: such a view listens weakly, so a fresh one per call could lose its listeners. */
    private final ObservableList<SourcePassages.Box> shownHighlights =
            FXCollections.unmodifiableObservableList(highlights);

    private final ObservableList<SourcePassages.Box> shownFocus = FXCollections.unmodifiableObservableList(focus);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper selectionStart = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper selectionEnd = new ReadOnlyIntegerWrapper();
    private Runnable onBack = () -> {};
    private TaskRunner.Job<?> current;

    /** A viewer that reads scanned pages with Tesseract on the PATH. */
    public SourceViewerViewModel(TaskRunner tasks, DesktopActions desktop) {
        this(tasks, desktop, Tesseract::onPath);
    }

    /** @param ocr the Tesseract of the person's settings, asked each time (a changed setting counts at once) */
    public SourceViewerViewModel(TaskRunner tasks, DesktopActions desktop, Supplier<Tesseract> ocr) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.desktop = Objects.requireNonNull(desktop, "desktop");
        this.ocr = Objects.requireNonNull(ocr, "ocr");
    }

    /** An e-mail's attachment has no file of its own: its text is read again from its message. */
    private static Optional<Attachment.Location> attachment(CitationItem item) {
        return item.source() == null || Files.exists(item.source())
                ? Optional.empty()
                : Attachment.locate(item.source().toString());
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
        TaskRunner.Job<?> job = item.page() > 0 && attachment(item).isEmpty() ? pdfJob(item) : textJob(item);
        job.onFailure(t -> {
            loading.set(false);
            message.set(Words.get(
                    "viewer.couldNotShow",
                    item.document(),
                    t == null || t.getMessage() == null ? Words.get("common.seeTheLog") : Phrase.show(t.getMessage())));
        });
        current = job;
        job.start();
    }

    /** A rendered page and its image for the scene graph, both made on the job's thread. */
    private record ShownPage(SourcePassages.RenderedPage rendered, Image image) {}

    private TaskRunner.Job<ShownPage> pdfJob(CitationItem item) {
        return tasks.job(Words.get("viewer.job.page", item.page(), item.document()), progress -> {
                    SourcePassages.RenderedPage rendered = SourcePassages.renderPage(
                            item.source(), item.page(), item.passage(), item.terms(), DPI, ocr.get());
                    return new ShownPage(rendered, toFx(rendered.image()));
                })
                .onSuccess(this::showPage);
    }

    private void showPage(ShownPage shown) {
        SourcePassages.RenderedPage rendered = shown.rendered();
        loading.set(false);
        pageCount.set(rendered.pageCount());
        pageWidth.set(rendered.width());
        pageHeight.set(rendered.height());
        pageImage.set(shown.image());
        focus.setAll(rendered.focus());
        highlights.setAll(rendered.highlights());
        kind.set(Kind.PDF);
        if (rendered.highlights().isEmpty()) {
            message.set(Words.get("viewer.wordsNotOnPage"));
        }
    }

    private TaskRunner.Job<String> textJob(CitationItem item) {
        return tasks.job(
                        Words.get("viewer.job.showing", item.document()),
                        progress -> SourcePassages.documentText(item.source(), ocr.get()))
                .onSuccess(body -> showText(item, body));
    }

    private void showText(CitationItem item, String body) {
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
                message.set(Words.get("viewer.passageNotFound"));
            }
        }
        text.set(body);
        selectionStart.set(start);
        selectionEnd.set(end);
        kind.set(Kind.TEXT);
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

    /** Hands the cited file to the operating system's app for it (an attachment's message, for an attachment). */
    public void openInSystemApp() {
        CitationItem item = citation.get();
        if (item != null && item.source() != null) {
            desktop.open(attachment(item).map(Attachment.Location::messageFile).orElse(item.source()));
        }
    }

    /** Returns to where the citation was clicked. */
    public void back() {
        onBack.run();
    }

    public void setOnBack(Runnable onBack) {
        this.onBack = Objects.requireNonNull(onBack);
    }

    public ReadOnlyObjectProperty<CitationItem> citationProperty() {
        return citation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Kind> kindProperty() {
        return kind.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty pageWidthProperty() {
        return pageWidth.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty pageHeightProperty() {
        return pageHeight.getReadOnlyProperty();
    }

    /** The cited page as rendered; its size in page points is {@link #pageWidthProperty()} by its height. */
    public ReadOnlyObjectProperty<Image> pageImageProperty() {
        return pageImage.getReadOnlyProperty();
    }

    /** The cited passage's boxes on the page, in page points. */
    public ObservableList<SourcePassages.Box> highlights() {
        return shownHighlights;
    }

    /** The sentence to look at first, within the highlights; set before them. */
    public ObservableList<SourcePassages.Box> focus() {
        return shownFocus;
    }

    /** The document's text; the passage runs from {@link #selectionStartProperty()} to the selection's end. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectionStartProperty() {
        return selectionStart.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty selectionEndProperty() {
        return selectionEnd.getReadOnlyProperty();
    }
}
