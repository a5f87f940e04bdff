package dev.cairn.ui.settings;

import dev.cairn.app.ModelChoices;
import dev.cairn.app.Settings;
import dev.cairn.embed.ModelFolderException;
import dev.cairn.embed.ModelSpec;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.ui.kit.TaskRunner;
import dev.cairn.ui.kit.Words;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Settings form over {@link Settings}: fields are edited freely and checked on save; the theme
 * applies and persists at once, since it is a toggle rather than a form field.
 */
public final class SettingsViewModel {

    /** Looked up when first needed: initialising logging costs start-up time before the first frame. */
    private static Logger log() {
        return LoggerFactory.getLogger(SettingsViewModel.class);
    }

    private final Path file;
    private final String dataDir;
    private final ObjectProperty<ModelSpec> model = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> chunkSize = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> chunkOverlap = new SimpleObjectProperty<>();
    private final ObjectProperty<Settings.SearchMode> searchMode = new SimpleObjectProperty<>();
    private final ObjectProperty<Settings.IndexPolicy> indexPolicy = new SimpleObjectProperty<>();
    private final ObjectProperty<Settings.Rerank> rerank = new SimpleObjectProperty<>();
    private final StringProperty llmEndpoint = new SimpleStringProperty();
    private final StringProperty llmModel = new SimpleStringProperty();
    private final StringProperty tesseractPath = new SimpleStringProperty();
    private final StringProperty language = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper ocrStatus = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Settings.Theme> theme = new SimpleObjectProperty<>(Settings.Theme.LIGHT);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadProblem = new ReadOnlyStringWrapper("");
    private final ObservableList<ModelSpec> models = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper addingModel = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper modelProblem = new ReadOnlyStringWrapper("");
    private final ModelChoices choices;
    private final TaskRunner tasks;
    private Settings saved = Settings.DEFAULTS;
    private BiConsumer<Settings, Settings> onSaved = (before, after) -> {};
    private boolean loading;

    /** A form that checks an added model folder on the caller's thread (for tests). */
    public SettingsViewModel(AppDirs dirs) {
        this(dirs, null);
    }

    /** A form that checks an added model folder as a background job of {@code tasks}. */
    public SettingsViewModel(AppDirs dirs, TaskRunner tasks) {
        this.file = dirs.settingsFile();
        this.dataDir = dirs.dataDir().toString();
        this.choices = ModelChoices.of(dirs);
        this.tasks = tasks;
        theme.addListener((obs, old, now) -> {
            if (!loading && now != null && now != saved.theme()) {
                write(saved.withTheme(now));
            }
        });
        reload();
    }

    /** Reads the settings file again; a bad file leaves the defaults in the form and says why. */
    public void reload() {
        models.setAll(choices.all());
        Settings s;
        try {
            s = Settings.load(file);
            loadProblem.set("");
        } catch (IOException e) {
            log().warn("Using default settings: {}", e.getMessage());
            loadProblem.set(Words.get("settings.notLoaded", Phrase.show(e.getMessage())));
            s = Settings.DEFAULTS;
        }
        show(s);
    }

    /** Checks and writes the form; returns false and sets {@link #errorProperty()} when it can't. */
    public boolean save() {
        Settings s;
        try {
            s = new Settings(
                    model.get(),
                    orZero(chunkSize.get()),
                    orZero(chunkOverlap.get()),
                    searchMode.get(),
                    indexPolicy.get(),
                    llmEndpoint.get(),
                    llmModel.get(),
                    theme.get(),
                    tesseractPath.get(),
                    rerank.get(),
                    // Not on the form: the file's value is kept, never reset by saving.
                    saved.embeddingTokens(),
                    language.get());
        } catch (IllegalArgumentException e) {
            error.set(capitalise(Phrase.show(e.getMessage())));
            notice.set("");
            return false;
        }
        if (s.rerank() == Settings.Rerank.MODEL && s.llmEndpoint().isBlank()) {
            error.set(Words.get("settings.rerankNeedsEndpoint"));
            notice.set("");
            return false;
        }
        return write(s);
    }

    /** Hears of each save, with the settings before and after it, on the saving thread. */
    public void onSaved(BiConsumer<Settings, Settings> listener) {
        this.onSaved = Objects.requireNonNull(listener, "listener");
    }

    /** Puts the last saved values back into the form. */
    public void revert() {
        show(saved);
    }

    public Settings saved() {
        return saved;
    }

    private boolean write(Settings s) {
        try {
            s.save(file);
        } catch (IOException e) {
            log().warn("Cannot save settings to {}", file, e);
            error.set(Words.get("settings.cannotSave", file, e.getMessage()));
            return false;
        }
        Settings before = saved;
        saved = s;
        ocrStatus.set(ocrStatusOf(s));
        error.set("");
        notice.set(Words.get("settings.savedTo", file));
        onSaved.accept(before, s);
        return true;
    }

    private void show(Settings s) {
        loading = true;
        try {
            saved = s;
            model.set(s.model());
            chunkSize.set(s.chunkSize());
            chunkOverlap.set(s.chunkOverlap());
            searchMode.set(s.searchMode());
            indexPolicy.set(s.indexPolicy());
            rerank.set(s.rerank());
            llmEndpoint.set(s.llmEndpoint());
            llmModel.set(s.llmModel());
            tesseractPath.set(s.tesseractPath());
            ocrStatus.set(ocrStatusOf(s));
            theme.set(s.theme());
            language.set(s.language());
            error.set("");
            notice.set("");
        } finally {
            loading = false;
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty()
                ? Words.get("settings.invalid")
                : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public Path file() {
        return file;
    }

    public String dataDir() {
        return dataDir;
    }

    /** The models to choose from: the shipped ones, then those added. */
    public ObservableList<ModelSpec> models() {
        return models;
    }

    /** Whether a model folder is being checked. */
    public ReadOnlyBooleanProperty addingModelProperty() {
        return addingModel.getReadOnlyProperty();
    }

    /** Why the last model folder was refused, in words; empty when it was not. */
    public ReadOnlyStringProperty modelProblemProperty() {
        return modelProblem.getReadOnlyProperty();
    }

    /** What checking a model folder came to: a folder that holds no usable model is an answer, not a failure. */
    private sealed interface Checked permits Added, Refused {}

    private record Added(ModelSpec model) implements Checked {}

    private record Refused(String why) implements Checked {}

    /**
     * Checks the model in {@code folder} and adds a copy of it (seconds: it is loaded and tried),
     * then puts it into the form, to take effect when saved; a folder that won't do is said in
     * {@link #modelProblemProperty()}, in words.
     */
    public void addModelFolder(Path folder) {
        addingModel.set(true);
        modelProblem.set("");
        notice.set(Words.get("settings.checkingModel", folder));
        if (tasks == null) {
            show(check(folder));
            return;
        }
        tasks.job(Words.get("settings.job.checkingModel", folder.getFileName()), progress -> check(folder))
                .onSuccess(this::show)
                .onFailure(e -> show(new Refused(Words.get("settings.cannotAddModel", Phrase.show(e.getMessage())))))
                .start();
    }

    private Checked check(Path folder) {
        try {
            return new Added(choices.add(folder, null));
        } catch (ModelFolderException e) {
            return new Refused(Phrase.show(e.getMessage()));
        }
    }

    private void show(Checked checked) {
        addingModel.set(false);
        switch (checked) {
            case Added(ModelSpec added) -> {
                models.setAll(choices.all());
                model.set(added);
                notice.set(Words.get(
                        "settings.modelAdded", added.name(), added.dimension(), String.join(", ", added.languages())));
            }
            case Refused(String why) -> {
                notice.set("");
                modelProblem.set(why);
            }
        }
    }

    public ObjectProperty<ModelSpec> modelProperty() {
        return model;
    }

    public ObjectProperty<Integer> chunkSizeProperty() {
        return chunkSize;
    }

    public ObjectProperty<Integer> chunkOverlapProperty() {
        return chunkOverlap;
    }

    public ObjectProperty<Settings.SearchMode> searchModeProperty() {
        return searchMode;
    }

    public ObjectProperty<Settings.IndexPolicy> indexPolicyProperty() {
        return indexPolicy;
    }

    public ObjectProperty<Settings.Rerank> rerankProperty() {
        return rerank;
    }

    public StringProperty llmEndpointProperty() {
        return llmEndpoint;
    }

    public StringProperty tesseractPathProperty() {
        return tesseractPath;
    }

    /** Whether the saved Tesseract setting finds the program, in words. */
    public ReadOnlyStringProperty ocrStatusProperty() {
        return ocrStatus.getReadOnlyProperty();
    }

    static String ocrStatusOf(Settings s) {
        boolean found = Tesseract.configured(s.tesseractPath()).available();
        if (found) {
            return Words.get("settings.ocr.installed");
        }
        return s.tesseractPath().isEmpty()
                ? Words.get("settings.ocr.missing")
                : Words.get("settings.ocr.notAt", s.tesseractPath());
    }

    public StringProperty llmModelProperty() {
        return llmModel;
    }

    public ObjectProperty<Settings.Theme> themeProperty() {
        return theme;
    }

    /** The window's language as a tag ("de"), blank for the system's; it takes effect at the next start. */
    public StringProperty languageProperty() {
        return language;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty loadProblemProperty() {
        return loadProblem.getReadOnlyProperty();
    }
}
