package dev.cairn.ui.viewer;

import dev.cairn.ingest.parse.SourcePassages;
import dev.cairn.ui.ask.CitationItem;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.TextAreaSkin;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/** The cited passage in context: a PDF page with the passage boxed, or the text with it selected. */
public final class SourceViewerView extends VBox {

    /** The padding around the page in its scroll pane (source-page-holder in the theme). */
    private static final double PAGE_MARGIN = 16;

    private final SourceViewerViewModel viewModel;

    @FXML
    private Button backButton;

    @FXML
    private Button openButton;

    @FXML
    private Label documentLabel;

    @FXML
    private Label locationLabel;

    @FXML
    private ProgressIndicator progress;

    @FXML
    private Label message;

    @FXML
    private ScrollPane pageScroll;

    @FXML
    private Pane pagePane;

    @FXML
    private ImageView pageImage;

    @FXML
    private TextArea textArea;

    public SourceViewerView(SourceViewerViewModel viewModel) {
        this.viewModel = viewModel;
        Fxml.loadInto(this);

        backButton.setOnAction(e -> viewModel.back());
        openButton.setOnAction(e -> viewModel.openInSystemApp());
        openButton.disableProperty().bind(viewModel.citationProperty().isNull());
        progress.visibleProperty().bind(viewModel.loadingProperty());
        progress.managedProperty().bind(viewModel.loadingProperty());
        message.textProperty().bind(viewModel.messageProperty());
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        pageScroll.visibleProperty().bind(viewModel.kindProperty().isEqualTo(SourceViewerViewModel.Kind.PDF));
        textArea.visibleProperty().bind(viewModel.kindProperty().isEqualTo(SourceViewerViewModel.Kind.TEXT));

        viewModel.citationProperty().addListener((obs, old, item) -> describe());
        viewModel.pageCountProperty().addListener((obs, old, n) -> describe());
        viewModel.kindProperty().addListener((obs, old, kind) -> {
            show(kind);
            describe();
        });
        viewModel.highlights().addListener((ListChangeListener<SourcePassages.Box>) c -> drawHighlights());
        pageScroll.viewportBoundsProperty().addListener((obs, old, now) -> {
            if (old.getWidth() != now.getWidth()) {
                fitPage();
            }
        });
        describe();
        show(viewModel.kindProperty().get());
    }

    private void describe() {
        CitationItem item = viewModel.citationProperty().get();
        documentLabel.setText(item == null ? "" : "[" + item.number() + "]  " + item.document());
        if (item == null) {
            locationLabel.setText("");
        } else if (item.page() > 0 && viewModel.kindProperty().get() != SourceViewerViewModel.Kind.TEXT) {
            int pages = viewModel.pageCountProperty().get();
            locationLabel.setText(
                    (pages > 0 ? Words.get("viewer.pageOf", item.page(), pages) : Words.get("viewer.page", item.page()))
                            + " · "
                            + item.source());
        } else if (!item.place().isEmpty()) { // a slide, a sheet's rows, a chapter, an attachment
            locationLabel.setText(item.place() + " · " + item.source());
        } else {
            locationLabel.setText(String.valueOf(item.source()));
        }
    }

    private void show(SourceViewerViewModel.Kind kind) {
        switch (kind) {
            case PDF -> {
                pageImage.setImage(viewModel.pageImageProperty().get());
                fitPage();
                Platform.runLater(this::scrollToHighlight);
            }
            case TEXT -> {
                textArea.setText(viewModel.textProperty().get());
                // Caret at the passage's end: the skin keeps the caret in view whenever it lays out
                // again, so the end is always shown; then the start is brought up near the top.
                textArea.selectRange(
                        viewModel.selectionStartProperty().get(),
                        viewModel.selectionEndProperty().get());
                Platform.runLater(this::scrollToSelection);
            }
            case NONE -> {
                pageImage.setImage(null);
                textArea.clear();
            }
        }
    }

    /** The page as wide as the viewport allows (never enlarged past its rendering), boxes to match. */
    private void fitPage() {
        Image image = pageImage.getImage();
        if (image == null) {
            return;
        }
        double room = pageScroll.getViewportBounds().getWidth() - 2 * PAGE_MARGIN;
        double width = room > 100 ? Math.min(image.getWidth(), room) : image.getWidth();
        double height = width * image.getHeight() / image.getWidth();
        pageImage.setFitWidth(width);
        pageImage.setFitHeight(height);
        pagePane.setMinSize(width, height);
        pagePane.setMaxSize(width, height);
        drawHighlights();
    }

    /** Page points to shown pixels. */
    private double scale() {
        double points = viewModel.pageWidthProperty().get();
        return points <= 0 ? 0 : pageImage.getFitWidth() / points;
    }

    /** Boxes in page points, scaled to the page as shown. */
    private void drawHighlights() {
        pagePane.getChildren().setAll(pageImage);
        double scale = scale();
        if (pageImage.getImage() == null || scale <= 0) {
            return;
        }
        for (SourcePassages.Box box : viewModel.highlights()) {
            pagePane.getChildren().add(box(box, scale, "source-highlight"));
        }
        for (SourcePassages.Box box : viewModel.focus()) {
            pagePane.getChildren().add(box(box, scale, "source-focus"));
        }
    }

    private static Rectangle box(SourcePassages.Box box, double scale, String styleClass) {
        Rectangle r = new Rectangle(
                box.x() * scale - 2, box.y() * scale - 1, box.width() * scale + 4, box.height() * scale + 2);
        r.getStyleClass().add(styleClass);
        r.setMouseTransparent(true);
        return r;
    }

    private void scrollToHighlight() {
        if (viewModel.highlights().isEmpty() || pageImage.getImage() == null) {
            return;
        }
        var first = viewModel.focus().isEmpty()
                ? viewModel.highlights().getFirst()
                : viewModel.focus().getFirst();
        double y = first.y() * scale() + PAGE_MARGIN;
        double content = pageScroll.getContent().getBoundsInLocal().getHeight();
        double viewport = pageScroll.getViewportBounds().getHeight();
        if (content > viewport) {
            pageScroll.setVvalue(Math.clamp((y - viewport / 4) / (content - viewport), 0, 1));
        }
    }

    /**
     * Puts the passage's first line near the top while its end (the caret) stays in view. The skin
     * first scrolls its caret to the bottom edge during a layout pulse; this runs after that pulse,
     * once line positions are known. A passage taller than the area shows from its start.
     */
    private void scrollToSelection() {
        if (getScene() == null) {
            return;
        }
        Runnable once = new Runnable() {
            @Override
            public void run() {
                getScene().removePostLayoutPulseListener(this);
                if (textArea.getSkin() instanceof TextAreaSkin skin) {
                    double height = textArea.getHeight();
                    Rectangle2D start = skin.getCharacterBounds(
                            viewModel.selectionStartProperty().get());
                    Rectangle2D end = skin.getCharacterBounds(textArea.getCaretPosition());
                    double down = start.getMinY() - height / 5;
                    if (end.getMaxY() - down > height) {
                        down = start.getMinY() - 8;
                    }
                    textArea.setScrollTop(Math.max(0, textArea.getScrollTop() + down));
                }
            }
        };
        getScene().addPostLayoutPulseListener(once);
        textArea.requestLayout();
    }

    Pane pagePane() {
        return pagePane;
    }

    TextArea textArea() {
        return textArea;
    }

    Button openButton() {
        return openButton;
    }

    Button backButton() {
        return backButton;
    }
}
