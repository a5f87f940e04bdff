package dev.cairn.app;

import dev.cairn.embed.CacheStats;
import dev.cairn.embed.CachingEmbedder;
import dev.cairn.embed.Embedders;
import dev.cairn.embed.ModelSpec;
import dev.cairn.embed.VectorCache;
import dev.cairn.ingest.ChunkingPolicy;
import dev.cairn.ingest.IngestPipeline;
import dev.cairn.ingest.SemanticIndexer;
import dev.cairn.ingest.StatisticsUpkeep;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.ingest.parse.Tesseract;
import dev.cairn.ingest.watch.LibraryWatch;
import dev.cairn.platform.AppDirs;
import dev.cairn.platform.Lazy;
import dev.cairn.platform.MemoryGovernor;
import dev.cairn.platform.Phrase;
import dev.cairn.search.ChatGenerator;
import dev.cairn.search.Reranker;
import dev.cairn.search.Searcher;
import dev.cairn.store.ChunkStore;
import dev.cairn.store.Database;
import dev.cairn.store.EmbeddingCacheTable;
import dev.cairn.store.ModelRegistry;
import dev.cairn.store.Schema;
import dev.cairn.store.Threads;
import dev.cairn.store.VectorIndexUpkeep;
import dev.cairn.store.WatchLease;
import dev.cairn.store.WatchedFolders;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One knowledge base: its database, model, store, pipeline and searcher, each made on first use.
 * The composition root the CLI and the desktop app share; nothing heavy happens in {@link #open}.
 */
public final class Cairn implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cairn.class);

    private final AppDirs dirs;
    private final Database database;
    private final ModelSpec model;
    private final Settings settings;
    private final MemoryGovernor governor;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    /** The running watches, closed before {@link #closeables}; guarded by {@code closeables}. */
    private final Deque<AutoCloseable> watches = new ArrayDeque<>();

    private final Lazy<DataSource> migrated;
    private final Lazy<ChunkStore> store;
    private final Lazy<CachingEmbedder> embedder;
    private final Lazy<Parsers> parsers;
    private final Lazy<Searcher> searcher;
    private final Lazy<SemanticIndexer> semanticIndex;
    private final Lazy<StatisticsUpkeep> statistics;
    private final Lazy<VectorIndexUpkeep> vectorIndex;
    private final AtomicBoolean keepingIndex = new AtomicBoolean();

    private Cairn(AppDirs dirs, Database database, Settings settings) {
        this.dirs = dirs;
        this.database = database;
        this.settings = settings;
        this.model = settings.model();
        this.governor = MemoryGovernor.start();
        this.migrated = memoize(() -> {
            DataSource ds = database.dataSource();
            Schema.migrate(ds);
            new ModelRegistry(ds).activate(model.id(), model.dimension());
            return ds;
        });
        this.store = memoize(() -> track(new ChunkStore(migrated.get())));
        // The model reads the start of each chunk (settings.embeddingTokens); the chunks stay as long as settings say.
        this.embedder = memoize(() -> {
            ModelSpec reading = model.readingAtMost(settings.embeddingTokens());
            VectorCache cache = new EmbeddingCacheTable(migrated.get());
            return track(
                    Embedders.standard(reading, reading == model ? cache : cache.readingAtMost(reading.maxTokens())));
        });
        this.parsers = memoize(() -> track(
                Parsers.create(Tesseract.configured(settings.tesseractPath()).gatedBy(governor::awaitPermit))));
        this.semanticIndex = memoize(() -> track(new SemanticIndexer(
                store.get(), embedder.get(), IngestPipeline.Options.defaults().embedBatch())));
        // one per library: the runs of its imports and its watch add up, and closing waits for an analysis
        this.statistics = memoize(() -> track(new StatisticsUpkeep(store.get())));
        this.vectorIndex = memoize(() -> track(new VectorIndexUpkeep(
                        migrated.get(), store.get(), IndexPolicies.reading(dirs.settingsFile(), settings)))
                .afterBuild(statistics.get()::retry)); // the analysis a build put off
        this.searcher =
                memoize(() -> new Searcher(store.get(), embedder.get(), Searcher.Policy.DEFAULT, reranker(settings)));
    }

    /**
     * A knowledge base in {@code dirs}, or on the external server at {@code dbUrl} when given, with
     * the model and chunking of the user's settings ({@code settings.properties} in the data
     * directory; the defaults when there is none).
     */
    public static Cairn open(AppDirs dirs, String dbUrl) {
        Settings settings;
        try {
            // A library made before the int8 default keeps its model (no surprise re-embedding). A bundled
            // one is known by its server's files; one on an external server by the settings file beside it.
            boolean exists = dbUrl == null
                    ? java.nio.file.Files.exists(dirs.pgData().resolve("PG_VERSION"))
                    : java.nio.file.Files.exists(dirs.settingsFile());
            settings = Settings.forLibrary(dirs.settingsFile(), Settings.load(dirs.settingsFile()), exists);
        } catch (IOException e) {
            throw new IllegalStateException(Phrase.of("settings.unreadable", dirs.settingsFile(), e.getMessage()), e);
        }
        return open(dirs, dbUrl, settings);
    }

    public static Cairn open(AppDirs dirs, String dbUrl, Settings settings) {
        return new Cairn(dirs, Database.from(dirs, dbUrl), Objects.requireNonNull(settings));
    }

    /** Chunking from the settings, within what the model can read at once. */
    static ChunkingPolicy chunkingOf(Settings settings, ModelSpec model) {
        int max = Math.min(settings.chunkSize(), model.maxTokens());
        double overlap = Math.min(0.5, (double) settings.chunkOverlap() / settings.chunkSize());
        return new ChunkingPolicy(max, overlap);
    }

    /** The search mode the user chose. */
    public Searcher.Mode searchMode() {
        return Searcher.Mode.valueOf(settings.searchMode().name());
    }

    /** Pipeline options with the settings' chunking. */
    public IngestPipeline.Options ingestOptions() {
        IngestPipeline.Options d = IngestPipeline.Options.defaults();
        return new IngestPipeline.Options(
                d.budget(),
                chunkingOf(settings, model),
                d.readers(),
                d.embedBatch(),
                d.queuedChunks(),
                d.retryFailed());
    }

    public AppDirs dirs() {
        return dirs;
    }

    public Database database() {
        return database;
    }

    public ModelSpec model() {
        return model;
    }

    public MemoryGovernor governor() {
        return governor;
    }

    public ChunkStore store() {
        return store.get();
    }

    public CachingEmbedder embedder() {
        return embedder.get();
    }

    public Searcher searcher() {
        return searcher.get();
    }

    /**
     * The library's embedding stage: gives chunks without a vector theirs, in the background. Made
     * on first use, it looks for such chunks at once, so that work left by a quit, a crash or a switch
     * of model resumes (without parsing any file again); imports wake it when they have stored text.
     */
    public SemanticIndexer semanticIndex() {
        SemanticIndexer stage = semanticIndex.get();
        stage.wake();
        return stage;
    }

    /** Gives the library the vector index its setting asks for; see {@link #keepVectorIndex}. */
    public VectorIndexUpkeep vectorIndex() {
        return vectorIndex.get();
    }

    /**
     * From now on this process builds (or drops) the library's vector index each time its embedding
     * catches up, in the background (the window, a watch); starts the embedding stage.
     */
    public void keepVectorIndex() {
        if (keepingIndex.compareAndSet(false, true)) {
            semanticIndex.get().addListener(IndexPolicies.whenCaughtUp(vectorIndex.get()));
        }
        semanticIndex();
    }

    /** The vector index as this process last saw it, without starting anything; empty before a check. */
    public Optional<VectorIndexUpkeep.State> vectorIndexState() {
        return vectorIndex.peek().flatMap(VectorIndexUpkeep::known);
    }

    /** Where the semantic index stands, without starting anything: empty before the stage was made. */
    public Optional<SemanticIndexer.Progress> semanticProgress() {
        return semanticIndex.peek().map(SemanticIndexer::progress);
    }

    /** Imports in progress, kept until they finish so an interrupted one can be resumed; needs no database. */
    public ImportJournal imports() {
        return ImportJournal.in(dirs);
    }

    /** The watch list (kept in the database). */
    public WatchedFolders watchedFolders() {
        return new WatchedFolders(migrated.get());
    }

    /** The library's conversations (kept in the database). */
    public Threads threads() {
        return new Threads(migrated.get());
    }

    /** Questions asked in threads and answered from this library: the one way both faces ask. */
    public Conversations conversations() {
        return new Conversations(searcher(), threads());
    }

    /**
     * Keeps the watched folders current from this process while it holds the library's watch (one
     * process at a time: the window or {@code cairn watch run}), following the list as any process
     * changes it; closed with this knowledge base. Starts the database; not started yet.
     */
    public LibraryWatch watch(LibraryWatch.Options options, LibraryWatch.Listener listener) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("cairn-watch-timer").daemon().factory());
        Lazy<IngestPipeline> watchPipeline = new Lazy<>(() -> pipeline(ingestOptions()));
        LibraryWatch watch = new LibraryWatch(
                watchPipeline, store(), watchedFolders(), new WatchLease(migrated.get()), scheduler, options, listener);
        synchronized (closeables) {
            watches.push(() -> {
                watch.close();
                scheduler.shutdownNow();
            });
        }
        return watch;
    }

    /**
     * The language model that writes answers, when one is configured: the flags first, then the
     * settings. Empty when no endpoint is set, and then nothing may touch the network: answers stay
     * extractive. The API key comes only from {@code CAIRN_LLM_API_KEY} in {@code env}, never from a file.
     *
     * @param urlOverride   {@code --llm}, or null
     * @param modelOverride {@code --model}, or null
     */
    public static Optional<ChatGenerator.Endpoint> llmEndpoint(
            Settings settings, String urlOverride, String modelOverride, Map<String, String> env) {
        String url = urlOverride == null || urlOverride.isBlank() ? settings.llmEndpoint() : urlOverride;
        if (url.isBlank()) {
            return Optional.empty();
        }
        String model = modelOverride == null || modelOverride.isBlank() ? settings.llmModel() : modelOverride;
        return Optional.of(new ChatGenerator.Endpoint(url, model, Optional.ofNullable(env.get("CAIRN_LLM_API_KEY"))));
    }

    /**
     * The rerank the settings ask for (docs/decisions/0027-rerank.md). The model's needs an endpoint;
     * without one the lexical rerank stands in, and the log says so.
     */
    private Reranker reranker(Settings settings) {
        return switch (settings.rerank()) {
            case OFF -> Reranker.NONE;
            case LEXICAL -> Reranker.lexical();
            case MODEL -> modelReranker(settings);
        };
    }

    /** The language model judging the top candidates, or the lexical rerank where no usable endpoint is set. */
    private Reranker modelReranker(Settings settings) {
        try {
            return llmEndpoint(settings, null, null, System.getenv())
                    .map(e -> Reranker.judgedBy(track(new ChatGenerator(
                            e,
                            ChatGenerator.Options.DEFAULT.withTimeouts(
                                    Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60))))))
                    .orElseGet(() -> {
                        log.warn("search.rerank = model needs llm.endpoint in the settings; ranking by words instead");
                        return Reranker.lexical();
                    });
        } catch (IllegalArgumentException e) { // an endpoint without a model name: searching must still work
            log.warn("search.rerank = model: {}; ranking by words instead", e.getMessage());
            return Reranker.lexical();
        }
    }

    /** Deletes the cached vectors of a model that was removed ({@link ModelChoices#remove}); returns how many. */
    public long forgetCachedVectors(String modelId) {
        return EmbeddingCacheTable.forget(migrated.get(), modelId);
    }

    /** The user's settings from the data directory; the defaults when there is no file yet. */
    public Settings settings() throws IOException {
        return Settings.load(dirs.settingsFile());
    }

    /** A pipeline that stores text first and leaves the vectors to the library's {@link #semanticIndex}. */
    public IngestPipeline pipeline(IngestPipeline.Options options) {
        IngestPipeline pipeline = new IngestPipeline(
                        parsers.get(), embedder.get(), store.get(), governor, options, semanticIndex())
                .upkeepWith(statistics.get());
        return database.dataDir() == null ? pipeline : pipeline.storedIn(database.dataDir());
    }

    /** Where a lazily started service stands, for a status bar. */
    public enum ServiceState {
        NOT_LOADED,
        LOADING,
        READY,
        FAILED
    }

    /** The embedding model: not loaded until the first ingest or question needs it. */
    public ServiceState modelState() {
        return embedder.peek()
                .map(e -> e.loadTime().isPresent() ? ServiceState.READY : ServiceState.LOADING)
                .orElse(ServiceState.NOT_LOADED);
    }

    /** The database: not started until the first call that needs it. */
    public ServiceState databaseState() {
        return switch (database.state()) {
            case NOT_STARTED, CLOSED -> ServiceState.NOT_LOADED;
            case STARTING -> ServiceState.LOADING;
            case READY -> ServiceState.READY;
            case FAILED -> ServiceState.FAILED;
        };
    }

    /**
     * The in-memory embedding cache's statistics, once the model is in use; never loads it, and
     * leaves the cache's upkeep to its own thread (cheap enough for the status bar's tick).
     */
    public Optional<CacheStats> cacheStats() {
        return embedder.peek().map(CachingEmbedder::statsAsTheyStand);
    }

    @Override
    public void close() {
        // The watches first, and without the lock: their runs use the parsers, the model and the store,
        // which a watch's pipeline may make after the watch started (tracked after it, so closed before
        // it in one stack), and a run that makes one meanwhile takes the lock.
        List<AutoCloseable> first;
        synchronized (closeables) {
            first = List.copyOf(watches);
            watches.clear();
        }
        first.forEach(Cairn::closeQuietly);
        synchronized (closeables) {
            while (!closeables.isEmpty()) {
                closeQuietly(closeables.pop());
            }
        }
        governor.close();
        database.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("Could not close a resource cleanly", e);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        synchronized (closeables) {
            closeables.push(resource);
        }
        return resource;
    }

    private static <T> Lazy<T> memoize(Supplier<T> make) {
        return new Lazy<>(make);
    }
}
