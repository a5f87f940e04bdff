package dev.cairn.app;

import dev.cairn.embed.AddedModels;
import dev.cairn.embed.ModelSpec;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The user's choices, shared by the desktop app and the command line, kept as a properties file in
 * the data directory ({@link AppDirs#settingsFile()}).
 *
 * <p>Every value is checked when the record is built, so a {@code Settings} in hand is always usable;
 * a bad file fails with a message that names the file, the key and what to write instead.
 *
 * @param model          the embedding model used for new chunks, one of {@link ModelSpec#all()} or an added one
 * @param chunkSize      target chunk length, in model tokens
 * @param chunkOverlap   tokens shared by neighbouring chunks, less than {@code chunkSize}
 * @param searchMode     how questions are matched against chunks
 * @param indexPolicy    which vector index the store builds
 * @param llmEndpoint    an OpenAI-compatible endpoint for written answers; blank means extractive answers only
 * @param llmModel       the model name sent to {@code llmEndpoint}
 * @param theme          the desktop app's colour scheme
 * @param tesseractPath  the Tesseract program that reads scans and images; blank means {@code tesseract} on the PATH
 * @param rerank         how the first fused candidates of a search are reordered before the top is cut
 * @param embeddingTokens how much of each chunk the model reads, from its start, in tokens (special tokens
 *     included, at most what the model reads at once): the whole chunk is found by its words, its start by its
 *     meaning too; fewer tokens embed faster (docs/decisions/0013-progressive-indexing.md, last addendum)
 * @param language       the language the window and the command line speak, as a language tag ({@code de},
 *     {@code en}); blank means the system's
 */
public record Settings(
        ModelSpec model,
        int chunkSize,
        int chunkOverlap,
        SearchMode searchMode,
        IndexPolicy indexPolicy,
        String llmEndpoint,
        String llmModel,
        Theme theme,
        String tesseractPath,
        Rerank rerank,
        int embeddingTokens,
        String language) {

    public static final int MIN_CHUNK_SIZE = 32;
    public static final int MAX_CHUNK_SIZE = 8192;

    /** How much of a chunk the model reads in a new library: its first 128 tokens, as measured in ADR 0013. */
    public static final int DEFAULT_EMBEDDING_TOKENS = 128;

    public enum SearchMode {
        HYBRID,
        VECTOR,
        TEXT
    }

    public enum IndexPolicy {
        AUTO,
        NONE,
        IVFFLAT,
        HNSW
    }

    /**
     * How a search's first candidates are reordered (docs/decisions/0027-rerank.md): not at all, by
     * where the query's words stand in them (the default), or, with {@link #llmEndpoint} set, by the
     * language model judging the top 20 after that.
     */
    public enum Rerank {
        OFF,
        LEXICAL,
        MODEL
    }

    public enum Theme {
        LIGHT,
        DARK
    }

    /**
     * The defaults of a new library. Its model is the int8 MiniLM reading the first 128 tokens of each
     * 256-token chunk, chunks without overlap (docs/decisions/0013-progressive-indexing.md); a library
     * made before that keeps {@link #EARLIER_DEFAULT_MODEL} reading whole chunks ({@link #forLibrary}).
     */
    public static final Settings DEFAULTS = new Settings(
            ModelSpec.ALL_MINILM_L6_V2_Q,
            256,
            0, // with the model reading each chunk's start, overlap bought nothing measurable (ADR 0013)
            SearchMode.HYBRID,
            IndexPolicy.AUTO,
            "",
            "",
            Theme.LIGHT,
            "",
            Rerank.LEXICAL,
            DEFAULT_EMBEDDING_TOKENS,
            "");

    /** The model every library used before the int8 MiniLM became the default. */
    public static final ModelSpec EARLIER_DEFAULT_MODEL = ModelSpec.ALL_MINILM_L6_V2;

    /** What every library's model read of a chunk before new libraries read less: all of it (its chunks are 256 tokens). */
    public static final int EARLIER_EMBEDDING_TOKENS = 256;

    /** The fewest tokens of a chunk the model may be given: [CLS], [SEP] and a few words. */
    public static final int MIN_EMBEDDING_TOKENS = 16;

    public Settings {
        require(model != null, "model must be set");
        require(searchMode != null, "search mode must be set");
        require(indexPolicy != null, "index policy must be set");
        require(theme != null, "theme must be set");
        require(rerank != null, "rerank must be set");
        require(
                chunkSize >= MIN_CHUNK_SIZE && chunkSize <= MAX_CHUNK_SIZE,
                Phrase.of("settings.chunkSize", MIN_CHUNK_SIZE, MAX_CHUNK_SIZE, chunkSize));
        require(
                embeddingTokens >= MIN_EMBEDDING_TOKENS && embeddingTokens <= MAX_CHUNK_SIZE,
                Phrase.of("settings.embeddingTokens", MIN_EMBEDDING_TOKENS, MAX_CHUNK_SIZE, embeddingTokens));
        require(
                chunkOverlap >= 0 && chunkOverlap < chunkSize,
                Phrase.of("settings.chunkOverlap", chunkSize, chunkOverlap));
        llmEndpoint = llmEndpoint == null ? "" : llmEndpoint.strip();
        llmModel = llmModel == null ? "" : llmModel.strip();
        tesseractPath = tesseractPath == null ? "" : tesseractPath.strip();
        language = language == null ? "" : language.strip();
        require(
                language.isEmpty() || language.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"),
                Phrase.of("settings.language", language));
        require(llmEndpoint.isEmpty() || isHttpUrl(llmEndpoint), Phrase.of("settings.llmEndpoint", llmEndpoint));
    }

    /**
     * Settings with Tesseract looked up on the PATH, the default rerank, the model reading as much of a
     * chunk as a new library's does, and the system's language.
     */
    public Settings(
            ModelSpec model,
            int chunkSize,
            int chunkOverlap,
            SearchMode searchMode,
            IndexPolicy indexPolicy,
            String llmEndpoint,
            String llmModel,
            Theme theme) {
        this(
                model,
                chunkSize,
                chunkOverlap,
                searchMode,
                indexPolicy,
                llmEndpoint,
                llmModel,
                theme,
                "",
                Rerank.LEXICAL,
                DEFAULT_EMBEDDING_TOKENS,
                "");
    }

    /**
     * The settings of the library in {@code settingsFile}'s folder: {@code loaded}, except that a
     * library that already exists ({@code libraryExists}) and whose file names no model keeps the
     * model it was made with, {@link #EARLIER_DEFAULT_MODEL}, and one whose file does not say how much
     * of a chunk the model reads keeps reading {@link #EARLIER_EMBEDDING_TOKENS}; a person switches on
     * purpose, never by an update. Both are written to the file (best effort) whenever it names them
     * not, for a new library too, so they stay named from then on.
     */
    public static Settings forLibrary(Path settingsFile, Settings loaded, boolean libraryExists) {
        Properties named = read(settingsFile);
        boolean namesModel = named.getProperty(Key.MODEL) != null;
        boolean namesTokens = named.getProperty(Key.EMBEDDING_TOKENS) != null;
        if (namesModel && namesTokens) {
            return loaded;
        }
        // A new library writes its choices down at once, so that its next start does not take it for an old one.
        Settings kept = libraryExists && !namesModel ? loaded.withModel(EARLIER_DEFAULT_MODEL) : loaded;
        kept = libraryExists && !namesTokens ? kept.withEmbeddingTokens(EARLIER_EMBEDDING_TOKENS) : kept;
        try {
            kept.save(settingsFile);
        } catch (IOException e) {
            // Still kept for this run; the next start decides the same way.
        }
        return kept;
    }

    /** The file's properties; none when it is missing or unreadable. */
    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            p.clear();
        }
        return p;
    }

    /**
     * Reads the file; a missing file means the defaults, a missing key means that key's default. The
     * model may be one Cairn ships or one added to the library beside the file ({@link AppDirs#modelsDir()}).
     */
    public static Settings load(Path file) throws IOException {
        AddedModels added = AddedModels.in(new AppDirs(file.toAbsolutePath().getParent()).modelsDir());
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return DEFAULTS;
        }
        try {
            return new Settings(
                    ModelChoices.named(p.getProperty(Key.MODEL, DEFAULTS.model.id()), added),
                    PropertyValues.integer(p, Key.CHUNK_SIZE, DEFAULTS.chunkSize),
                    PropertyValues.integer(p, Key.CHUNK_OVERLAP, DEFAULTS.chunkOverlap),
                    PropertyValues.choice(p, Key.SEARCH_MODE, SearchMode.class, DEFAULTS.searchMode),
                    PropertyValues.choice(p, Key.INDEX_POLICY, IndexPolicy.class, DEFAULTS.indexPolicy),
                    p.getProperty(Key.LLM_ENDPOINT, DEFAULTS.llmEndpoint),
                    p.getProperty(Key.LLM_MODEL, DEFAULTS.llmModel),
                    PropertyValues.choice(p, Key.THEME, Theme.class, DEFAULTS.theme),
                    p.getProperty(Key.TESSERACT, DEFAULTS.tesseractPath),
                    PropertyValues.choice(p, Key.RERANK, Rerank.class, DEFAULTS.rerank),
                    PropertyValues.integer(p, Key.EMBEDDING_TOKENS, DEFAULTS.embeddingTokens),
                    p.getProperty(Key.LANGUAGE, DEFAULTS.language));
        } catch (IllegalArgumentException e) {
            throw new IOException(Phrase.of("settings.badValue", file, e.getMessage()), e);
        }
    }

    /** Writes the file through a temporary sibling so a crash never leaves half a file behind. */
    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty(Key.MODEL, model.id());
        p.setProperty(Key.CHUNK_SIZE, Integer.toString(chunkSize));
        p.setProperty(Key.CHUNK_OVERLAP, Integer.toString(chunkOverlap));
        p.setProperty(Key.SEARCH_MODE, PropertyValues.lower(searchMode));
        p.setProperty(Key.INDEX_POLICY, PropertyValues.lower(indexPolicy));
        p.setProperty(Key.LLM_ENDPOINT, llmEndpoint);
        p.setProperty(Key.LLM_MODEL, llmModel);
        p.setProperty(Key.THEME, PropertyValues.lower(theme));
        p.setProperty(Key.TESSERACT, tesseractPath);
        p.setProperty(Key.RERANK, PropertyValues.lower(rerank));
        p.setProperty(Key.EMBEDDING_TOKENS, Integer.toString(embeddingTokens));
        p.setProperty(Key.LANGUAGE, language);
        Path dir = file.toAbsolutePath().getParent();
        PrivateFiles.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".settings", ".tmp"); // 0600 on POSIX
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "Cairn settings");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The bundled model ({@link ModelSpec#all()}) that {@code id}, a value of {@link Key#MODEL} or
     * the command line, names; case-insensitive.
     */
    public static ModelSpec model(String id) {
        try {
            return ModelSpec.byId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Phrase.of("settings.unknownModel", id), e);
        }
    }

    public Settings withModel(ModelSpec newModel) {
        return edit(d -> d.model = newModel);
    }

    public Settings withTheme(Theme newTheme) {
        return edit(d -> d.theme = newTheme);
    }

    public Settings withEmbeddingTokens(int tokens) {
        return edit(d -> d.embeddingTokens = tokens);
    }

    public Settings withLanguage(String tag) {
        return edit(d -> d.language = tag);
    }

    /** The locale the window and the command line speak in: {@link #language}, or {@code system} when it is blank. */
    public Locale locale(Locale system) {
        return language.isEmpty() ? system : Locale.forLanguageTag(language);
    }

    /** These settings with {@code change} made to a copy of their values, checked again. */
    private Settings edit(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new Settings(
                d.model,
                d.chunkSize,
                d.chunkOverlap,
                d.searchMode,
                d.indexPolicy,
                d.llmEndpoint,
                d.llmModel,
                d.theme,
                d.tesseractPath,
                d.rerank,
                d.embeddingTokens,
                d.language);
    }

    /** A settings record's values, open to change, for {@link #edit}. */
    private static final class Draft {
        ModelSpec model;
        int chunkSize;
        int chunkOverlap;
        SearchMode searchMode;
        IndexPolicy indexPolicy;
        String llmEndpoint;
        String llmModel;
        Theme theme;
        String tesseractPath;
        Rerank rerank;
        int embeddingTokens;
        String language;

        Draft(Settings s) {
            model = s.model;
            chunkSize = s.chunkSize;
            chunkOverlap = s.chunkOverlap;
            searchMode = s.searchMode;
            indexPolicy = s.indexPolicy;
            llmEndpoint = s.llmEndpoint;
            llmModel = s.llmModel;
            theme = s.theme;
            tesseractPath = s.tesseractPath;
            rerank = s.rerank;
            embeddingTokens = s.embeddingTokens;
            language = s.language;
        }
    }

    /** The property names in the file. */
    public static final class Key {
        public static final String MODEL = "embedding.model";
        public static final String CHUNK_SIZE = "chunk.size";
        public static final String CHUNK_OVERLAP = "chunk.overlap";
        public static final String EMBEDDING_TOKENS = "embedding.tokens";
        public static final String SEARCH_MODE = "search.mode";
        public static final String INDEX_POLICY = "index.policy";
        public static final String LLM_ENDPOINT = "llm.endpoint";
        public static final String LLM_MODEL = "llm.model";
        public static final String THEME = "ui.theme";
        public static final String TESSERACT = "ocr.tesseract";
        public static final String RERANK = "search.rerank";
        public static final String LANGUAGE = "ui.language";

        private Key() {}
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI uri = new URI(s);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
