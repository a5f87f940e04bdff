package dev.cairn.ui.settings;

import dev.cairn.app.Settings;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ui.kit.DesktopActions;
import dev.cairn.ui.kit.Formats;
import dev.cairn.ui.kit.Fxml;
import dev.cairn.ui.kit.Words;
import java.io.File;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;

/** The settings form: storage, embeddings, search, answers and appearance. */
public final class SettingsView extends VBox {

    private final SettingsViewModel viewModel;

    @FXML
    private Label dataDirLabel;

    @FXML
    private Label settingsFileLabel;

    @FXML
    private ChoiceBox<ModelSpec> modelChoice;

    @FXML
    private Button addModelButton;

    @FXML
    private Label modelProblemLabel;

    @FXML
    private Spinner<Integer> chunkSizeSpinner;

    @FXML
    private Spinner<Integer> chunkOverlapSpinner;

    @FXML
    private ChoiceBox<Settings.SearchMode> searchModeChoice;

    @FXML
    private ChoiceBox<Settings.IndexPolicy> indexPolicyChoice;

    @FXML
    private ChoiceBox<Settings.Rerank> rerankChoice;

    @FXML
    private TextField llmEndpointField;

    @FXML
    private TextField llmModelField;

    @FXML
    private TextField tesseractField;

    @FXML
    private Label ocrStatusLabel;

    @FXML
    private ToggleGroup themeGroup;

    @FXML
    private ChoiceBox<String> languageChoice;

    @FXML
    private ToggleButton lightButton;

    @FXML
    private ToggleButton darkButton;

    @FXML
    private Label errorLabel;

    @FXML
    private Label noticeLabel;

    @FXML
    private Button saveButton;

    private final DesktopActions desktop;

    public SettingsView(SettingsViewModel viewModel, DesktopActions desktop) {
        this.viewModel = viewModel;
        this.desktop = desktop;
        Fxml.loadInto(this);

        dataDirLabel.setText(viewModel.dataDir());
        settingsFileLabel.setText(viewModel.file().toString());

        modelChoice.setItems(viewModel.models());
        modelChoice.setConverter(converter(SettingsView::describe));
        modelChoice.valueProperty().bindBidirectional(viewModel.modelProperty());
        addModelButton.disableProperty().bind(viewModel.addingModelProperty());
        modelProblemLabel.textProperty().bind(viewModel.modelProblemProperty());
        modelProblemLabel
                .visibleProperty()
                .bind(viewModel.modelProblemProperty().isNotEmpty());
        modelProblemLabel.managedProperty().bind(modelProblemLabel.visibleProperty());
        searchModeChoice.getItems().setAll(Settings.SearchMode.values());
        searchModeChoice.setConverter(converter(SettingsView::describe));
        searchModeChoice.valueProperty().bindBidirectional(viewModel.searchModeProperty());
        indexPolicyChoice.getItems().setAll(Settings.IndexPolicy.values());
        indexPolicyChoice.setConverter(converter(SettingsView::describe));
        indexPolicyChoice.valueProperty().bindBidirectional(viewModel.indexPolicyProperty());
        rerankChoice.getItems().setAll(Settings.Rerank.values());
        rerankChoice.setConverter(converter(SettingsView::describe));
        rerankChoice.valueProperty().bindBidirectional(viewModel.rerankProperty());

        chunkSizeSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(
                Settings.MIN_CHUNK_SIZE, Settings.MAX_CHUNK_SIZE, 256, 32));
        chunkSizeSpinner.getValueFactory().valueProperty().bindBidirectional(viewModel.chunkSizeProperty());
        chunkOverlapSpinner.setValueFactory(
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, Settings.MAX_CHUNK_SIZE - 1, 32, 8));
        chunkOverlapSpinner.getValueFactory().valueProperty().bindBidirectional(viewModel.chunkOverlapProperty());

        llmEndpointField.textProperty().bindBidirectional(viewModel.llmEndpointProperty());
        llmModelField.textProperty().bindBidirectional(viewModel.llmModelProperty());
        tesseractField.textProperty().bindBidirectional(viewModel.tesseractPathProperty());
        ocrStatusLabel.textProperty().bind(viewModel.ocrStatusProperty());

        languageChoice.getItems().setAll(LANGUAGES);
        languageChoice.setConverter(converter(SettingsView::describeLanguage));
        languageChoice.valueProperty().bindBidirectional(viewModel.languageProperty());

        lightButton.setUserData(Settings.Theme.LIGHT);
        darkButton.setUserData(Settings.Theme.DARK);
        selectTheme(viewModel.themeProperty().get());
        viewModel.themeProperty().addListener((obs, old, now) -> selectTheme(now));
        themeGroup.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                viewModel.themeProperty().set((Settings.Theme) now.getUserData());
            }
        });

        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        noticeLabel.textProperty().bind(viewModel.noticeProperty());
        noticeLabel.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        noticeLabel.managedProperty().bind(noticeLabel.visibleProperty());
    }

    private void selectTheme(Settings.Theme theme) {
        (theme == Settings.Theme.DARK ? darkButton : lightButton).setSelected(true);
    }

    @FXML
    private void save() {
        // Spinners keep typed text until committed; take it before checking.
        chunkSizeSpinner.commitValue();
        chunkOverlapSpinner.commitValue();
        viewModel.save();
    }

    @FXML
    private void revert() {
        viewModel.revert();
    }

    @FXML
    private void addModelFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(Words.get("settings.modelFolderTitle"));
        File folder = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
        if (folder != null) {
            viewModel.addModelFolder(folder.toPath());
        }
    }

    @FXML
    private void openDataDir() {
        desktop.open(viewModel.file().getParent());
    }

    /** Speeds are from bench ingest on 1,173 HTML pages (docs/decisions/0008-ingest-speed.md). */
    private static final Map<ModelSpec, String> MODEL_NAMES = Map.of(
            ModelSpec.ALL_MINILM_L6_V2, "settings.model.minilm",
            ModelSpec.ALL_MINILM_L6_V2_Q, "settings.model.minilmInt8",
            ModelSpec.BGE_SMALL_EN_V15_Q, "settings.model.bge");

    private static String describe(ModelSpec model) {
        String languages = model.languages().contains(ModelSpec.ANY_LANGUAGE)
                ? Words.get("settings.model.everyLanguage")
                : String.join(", ", model.languages());
        String key = MODEL_NAMES.get(model);
        return key == null ? Words.get("settings.model.added", model.name(), languages) : Words.get(key);
    }

    /** The window's languages: the system's (blank), then each by its own name ("Deutsch"). */
    private static final List<String> LANGUAGES = List.of("", "en", "de");

    private static String describeLanguage(String tag) {
        if (tag.isEmpty()) {
            return Words.get("settings.language.system");
        }
        Locale locale = Locale.forLanguageTag(tag);
        return Formats.capitalised(locale.getDisplayLanguage(locale));
    }

    private static String describe(Settings.SearchMode mode) {
        return switch (mode) {
            case HYBRID -> Words.get("settings.mode.hybrid");
            case VECTOR -> Words.get("settings.mode.vector");
            case TEXT -> Words.get("settings.mode.text");
        };
    }

    private static String describe(Settings.Rerank rerank) {
        return switch (rerank) {
            case OFF -> Words.get("settings.rerank.off");
            case LEXICAL -> Words.get("settings.rerank.lexical");
            case MODEL -> Words.get("settings.rerank.model");
        };
    }

    private static String describe(Settings.IndexPolicy policy) {
        return switch (policy) {
            case AUTO -> Words.get("settings.index.auto");
            case NONE -> Words.get("settings.index.none");
            case IVFFLAT -> "IVFFlat";
            case HNSW -> "HNSW";
        };
    }

    private static <T> StringConverter<T> converter(Function<T, String> toText) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : toText.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("choices are picked, not typed: " + s.toLowerCase(Locale.ROOT));
            }
        };
    }

    Button saveButton() {
        return saveButton;
    }
}
