package dev.cairn.app;

import dev.cairn.embed.AddedModels;
import dev.cairn.embed.ModelFolderException;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedding models a library can use: those Cairn ships ({@link ModelSpec#all()}) and those the
 * person added to its data directory ({@link AddedModels}). Choosing one writes it into the settings;
 * the library switches at its next start, re-embedding every passage in the background from its
 * stored text while full-text search keeps working (docs/decisions/0021-models-of-your-own.md).
 */
public final class ModelChoices {

    private final AppDirs dirs;
    private final AddedModels added;

    private ModelChoices(AppDirs dirs) {
        this.dirs = dirs;
        this.added = AddedModels.in(dirs.modelsDir());
    }

    public static ModelChoices of(AppDirs dirs) {
        return new ModelChoices(dirs);
    }

    /** The shipped or added model that {@code id} (or an added model's name) names; case-insensitive. */
    static ModelSpec named(String id, AddedModels added) {
        try {
            return ModelSpec.byId(id);
        } catch (IllegalArgumentException e) {
            return added.find(id)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown embedding model '" + id + "'; choose one of: "
                                    + String.join(", ", ModelChoices.names(added)),
                            e));
        }
    }

    /** The shipped models, then the added ones by name. */
    public List<ModelSpec> all() {
        return Stream.concat(ModelSpec.all().stream(), added.list().stream()).toList();
    }

    /** The models the person added. */
    public List<ModelSpec> added() {
        return added.list();
    }

    /** The names a person can choose from, shipped first. */
    static List<String> names(AddedModels added) {
        List<String> names =
                new ArrayList<>(ModelSpec.all().stream().map(ModelSpec::id).toList());
        added.list().forEach(m -> names.add(m.name()));
        return names;
    }

    /** The model the library uses (or will use from its next start): the one its settings name. */
    public ModelSpec chosen() throws IOException {
        return settings().model();
    }

    /** The shipped or added model with this name or id (case-insensitive), or an error that lists the choices. */
    public ModelSpec find(String nameOrId) {
        try {
            return named(nameOrId, added);
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(Phrase.of("model.unknown", nameOrId, String.join(", ", names(added))), e);
        }
    }

    /**
     * Checks the model in {@code folder} and adds a copy of it as {@code name} (null: the folder's
     * name); choosing it is a step of its own ({@link #choose}).
     *
     * @throws ModelFolderException when the folder does not hold a working model, in words
     */
    public ModelSpec add(Path folder, String name) {
        return added.add(folder, name);
    }

    /**
     * Deletes the added model {@code name}, refusing while the settings choose it.
     *
     * @return the model deleted, empty when there is none of that name
     * @throws ModelFolderException while the library uses it
     */
    public Optional<ModelSpec> remove(String name) throws IOException {
        Optional<ModelSpec> model = added.find(name);
        if (model.isEmpty()) {
            return model;
        }
        if (chosen().equals(model.get())) {
            throw new ModelFolderException(Phrase.of(
                    "model.inUse", model.get().name(), Settings.DEFAULTS.model().id()));
        }
        added.remove(model.get().id());
        return model;
    }

    /**
     * Makes {@code model} the library's model from its next start, as the Settings page does.
     *
     * @return the model chosen before, the same one when nothing changed
     */
    public ModelSpec choose(ModelSpec model) throws IOException {
        Settings settings = settings();
        if (!settings.model().equals(model)) {
            settings.withModel(model).save(dirs.settingsFile());
        }
        return settings.model();
    }

    /** The bytes a model takes in the data directory: 0 for a shipped one, which lives in Cairn's jars. */
    public static long bytes(ModelSpec model) {
        return AddedModels.bytes(model);
    }

    /** The settings as {@link Cairn#open} reads them: a library made before the model was written down keeps its own. */
    private Settings settings() throws IOException {
        return Settings.forLibrary(
                dirs.settingsFile(),
                Settings.load(dirs.settingsFile()),
                Files.exists(dirs.pgData().resolve("PG_VERSION")));
    }
}
