package dev.cairn.ui;

import dev.cairn.app.Settings;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.platform.AppDirs;
import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
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
    private final ObjectProperty<Settings.Model> model = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> chunkSize = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> chunkOverlap = new SimpleObjectProperty<>();
    private final ObjectProperty<Settings.SearchMode> searchMode = new SimpleObjectProperty<>();
    private final ObjectProperty<Settings.IndexPolicy> indexPolicy = new SimpleObjectProperty<>();
    private final StringProperty llmEndpoint = new SimpleStringProperty();
    private final StringProperty llmModel = new SimpleStringProperty();
    private final StringProperty tesseractPath = new SimpleStringProperty();
    private final ReadOnlyStringWrapper ocrStatus = new ReadOnlyStringWrapper("");
    private final ObjectProperty<Settings.Theme> theme = new SimpleObjectProperty<>(Settings.Theme.LIGHT);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadProblem = new ReadOnlyStringWrapper("");
    private Settings saved = Settings.DEFAULTS;
    private boolean loading;

    public SettingsViewModel(AppDirs dirs) {
        this.file = dirs.settingsFile();
        this.dataDir = dirs.dataDir().toString();
        theme.addListener((obs, old, now) -> {
            if (!loading && now != null && now != saved.theme()) {
                write(saved.withTheme(now));
            }
        });
        reload();
    }

    /** Reads the settings file again; a bad file leaves the defaults in the form and says why. */
    public void reload() {
        Settings s;
        try {
            s = Settings.load(file);
            loadProblem.set("");
        } catch (IOException e) {
            log().warn("Using default settings: {}", e.getMessage());
            loadProblem.set("Settings not loaded, using defaults: " + e.getMessage());
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
                    tesseractPath.get());
        } catch (IllegalArgumentException e) {
            error.set(capitalise(e.getMessage()));
            notice.set("");
            return false;
        }
        return write(s);
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
            error.set("Can't save settings to " + file + ": " + e.getMessage());
            return false;
        }
        saved = s;
        ocrStatus.set(ocrStatusOf(s));
        error.set("");
        notice.set("Saved to " + file);
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
            llmEndpoint.set(s.llmEndpoint());
            llmModel.set(s.llmModel());
            tesseractPath.set(s.tesseractPath());
            ocrStatus.set(ocrStatusOf(s));
            theme.set(s.theme());
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
        return s == null || s.isEmpty() ? "Invalid settings" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public Path file() {
        return file;
    }

    public String dataDir() {
        return dataDir;
    }

    public ObjectProperty<Settings.Model> modelProperty() {
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
            return "Tesseract is installed: scanned PDF pages and images (PNG, JPEG, TIFF) are read with OCR."
                    + " Takes effect at the next start.";
        }
        return s.tesseractPath().isEmpty()
                ? "Tesseract is not installed, so scans and images are listed as not read. Install it (e.g. apt install tesseract-ocr)"
                        + " and they are read at the next import."
                : "No Tesseract program at " + s.tesseractPath()
                        + "; scans and images are listed as not read until it is there.";
    }

    public StringProperty llmModelProperty() {
        return llmModel;
    }

    public ObjectProperty<Settings.Theme> themeProperty() {
        return theme;
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
