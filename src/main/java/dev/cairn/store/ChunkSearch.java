package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGStatement;

/**
 * The retrievals search builds on, each one statement on a warm session: vector top-k by cosine
 * distance among the active model's chunks, full-text top-k, and both at once on two sessions. The SQL
 * is {@link SearchSql}'s.
 */
final class ChunkSearch {

    private final StoreSessions sessions;

    /** The last scope found to take in the whole library, and the store's document generation it held at; null: none. */
    private volatile Whole whole;

    private record Whole(long[] ids, long[] sorted, long generation) {}

    /**
     * How a search is narrowed: {@code sql}, the documents its statement names (null: none), and
     * {@code kept}, sorted, the documents its hits are checked against afterwards (null: none).
     */
    private record Narrowed(long[] sql, long[] kept) {
        /** {@code hits} without those of documents outside {@link #kept}. */
        List<ChunkHit> keep(List<ChunkHit> hits) {
            return kept == null
                    ? hits
                    : hits.stream()
                            .filter(h -> Arrays.binarySearch(kept, h.documentId()) >= 0)
                            .toList();
        }
    }

    ChunkSearch(StoreSessions sessions) {
        this.sessions = sessions;
    }

    /**
     * Remembers a scope that takes in every document of the library (a folder holding it all, the one
     * type it has, a date before all of it): searched within, it needs no filter, and costs what a
     * search of the whole library costs (ADR 0018).
     */
    void resolved(SearchScope.Documents scope, long generation) {
        if (scope.everything()) {
            long[] sorted = scope.ids().clone();
            Arrays.sort(sorted);
            whole = new Whole(scope.ids(), sorted, generation);
        }
    }

    /**
     * {@code scope} named in the statement, or, when it is the whole library as of this store's
     * document generation (vectors written since leave it), nothing named and the hits checked against it instead: another process may have
     * added documents since, which this store's generation does not see, and they stay out.
     */
    private Narrowed filter(long[] scope) {
        Whole w = whole;
        boolean everything = scope != null
                && w != null
                && w.ids().length == scope.length
                && w.generation() == sessions.documentGeneration()
                && Arrays.equals(w.ids(), scope);
        return everything ? new Narrowed(null, w.sorted()) : new Narrowed(scope, null);
    }

    List<ChunkHit> vector(float[] query, int k, long[] within) {
        Objects.requireNonNull(query, "query");
        Narrowed narrowed = filter(within);
        long[] scope = narrowed.sql();
        int limit = Jdbc.limit(k, "k");
        return narrowed.keep(sessions.reads().withConnection("search by vector", limit, scope == null, c -> {
            try (PreparedStatement ps = prepare(c, vectorSql(scope, limit), scope)) {
                SearchSql.bindVector(ps, query, scope);
                return fastHits(c, ps, query).vector();
            }
        }));
    }

    List<ChunkHit> fullText(String query, int k, long[] within, int perDocument) {
        Objects.requireNonNull(query, "query");
        Narrowed narrowed = filter(within);
        long[] scope = narrowed.sql();
        int limit = Jdbc.limit(k, "k");
        if (query.isBlank()) {
            return List.of();
        }
        return narrowed.keep(sessions.reads().withConnection("search by text", 0, scope == null, c -> {
            try (PreparedStatement ps = prepare(
                    c,
                    "WITH " + SearchSql.textCte(query, scope, perDocument, limit) + "SELECT " + SearchSql.HIT_COLUMNS
                            + """
                    , t.score
                    FROM t JOIN chunks c ON c.id = t.id JOIN documents d ON d.id = c.document_id
                    ORDER BY TEXT_ORDER LIMIT LIMIT_ROWS""".replace("TEXT_ORDER", SearchSql.TEXT_ORDER)
                                    .replace("LIMIT_ROWS", Integer.toString(limit)),
                    scope)) {
                SearchSql.bindText(ps, 1, query);
                List<ChunkHit> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(hit(rs));
                    }
                }
                return rows;
            }
        }));
    }

    /**
     * Both lists of a hybrid search, each a statement on its own warm session. The full-text half needs no
     * vector, so it starts first, on another thread, and runs while {@code vector} is computed (embedding
     * an uncached query) and while the vector half runs on this thread: on two cores a search waits for the
     * dearer half, not for both.
     */
    HybridHits hybrid(String text, Supplier<float[]> vector, int k, long[] within, int perDocument) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
        if (text.isBlank()) {
            return new HybridHits(vector(Objects.requireNonNull(vector.get(), "vector"), k, within), List.of());
        }
        Narrowed narrowed = filter(within);
        long[] scope = narrowed.sql();
        int limit = Jdbc.limit(k, "k");
        CompletableFuture<HybridHits> byText = CompletableFuture.supplyAsync(
                () -> half(
                        "search by text",
                        halfSql(text, scope, limit, perDocument),
                        null,
                        limit,
                        scope,
                        ps -> SearchSql.bindText(ps, 1, text)),
                HALVES);
        HybridHits vectors;
        try {
            float[] query = Objects.requireNonNull(vector.get(), "vector");
            vectors = half(
                    "search by vector",
                    halfSql(null, scope, limit, 0),
                    query,
                    limit,
                    scope,
                    ps -> SearchSql.bindVector(ps, query, scope));
        } catch (RuntimeException | Error e) {
            // The text half is waited for all the same: it is done with its session before this fails.
            byText.handle((hits, failure) -> {
                        if (failure != null) {
                            e.addSuppressed(failure);
                        }
                        return null;
                    })
                    .join();
            throw e;
        }
        HybridHits texts;
        try {
            texts = byText.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return new HybridHits(narrowed.keep(vectors.vector()), narrowed.keep(texts.text()), texts.textOnly());
    }

    /** Threads for the full-text half of hybrid searches; virtual, so an idle store holds none. */
    private static final ExecutorService HALVES = Executors.newVirtualThreadPerTaskExecutor();

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private HybridHits half(String what, String sql, float[] vector, int limit, long[] scope, Binder binder) {
        return sessions.reads().withConnection(what, limit, scope == null, c -> {
            try (PreparedStatement ps = prepare(c, sql, scope)) {
                binder.bind(ps);
                return fastHits(c, ps, vector);
            }
        });
    }

    /**
     * A search's statement. One over the whole library has the same text for every query, so the
     * session prepares it on the server at its first run (not the driver's fifth) and, asked by
     * {@link WarmConnections} for one generic plan, plans it once: planning was a fifth of a hybrid
     * search (docs/decisions/0026). A scoped one names its documents in its text, is planned for
     * each run's parameters, and is left to the driver's default.
     */
    private static PreparedStatement prepare(Connection c, String sql, long[] scope) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        if (scope == null) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(1);
        }
        return ps;
    }

    /**
     * The server's own time for {@link #hybrid}'s two statements, added up ({@link #vector}'s when
     * {@code text} is null), from {@code EXPLAIN (ANALYZE)} without per-node timing: planning and execution in
     * milliseconds. What a search's time adds to them is the hand-out, the round trip and the decoding.
     */
    ServerTime explain(String text, float[] vector, int k, long[] scope, int perDocument) {
        int limit = Jdbc.limit(k, "k");
        return sessions.reads().withConnection("explain a search", limit, c -> {
            ServerTime vectors = explained(
                    c,
                    text == null ? vectorSql(scope, limit) : halfSql(null, scope, limit, 0),
                    ps -> SearchSql.bindVector(ps, vector, scope));
            if (text == null) {
                return vectors;
            }
            ServerTime words =
                    explained(c, halfSql(text, scope, limit, perDocument), ps -> SearchSql.bindText(ps, 1, text));
            return new ServerTime(
                    vectors.planningMs() + words.planningMs(), vectors.executionMs() + words.executionMs());
        });
    }

    private static ServerTime explained(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON, FORMAT JSON) " + sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                return new ServerTime(number(plan, "Planning Time"), number(plan, "Execution Time"));
            }
        }
    }

    private static double number(String planJson, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*([0-9.]+)").matcher(planJson);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * One trivial statement on a warm session, what every search pays besides its own SQL; returns
     * the server process serving that session.
     */
    int roundTrip() {
        return sessions.reads().withConnection("reach the server", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static String vectorSql(long[] scope, int limit) {
        return "WITH " + SearchSql.vectorCte(scope, limit)
                + """
                SELECT m.dimension, m.active_model, 'v' AS list, 0 AS rank, HIT_COLUMNS_PLACEHOLDER, 1 - v.dist AS score,
                       false AS pending
                FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                LEFT JOIN (v JOIN chunks c ON c.id = v.id JOIN documents d ON d.id = c.document_id) ON true
                ORDER BY v.dist, d.path, c.ordinal, c.id""".replace("HIT_COLUMNS_PLACEHOLDER", SearchSql.HIT_COLUMNS);
    }

    /**
     * One half of a hybrid search: the vector top list when {@code text} is null, the full-text one otherwise.
     * Equal distances, and text scores equal by the ranking words and by the query's other words ({@code tie}),
     * are ordered by document path and chunk ordinal, never by row id:
     * two imports of the same files then rank alike. The text list may hold more than {@code limit} chunks
     * (those tied with its last, {@link SearchSql#textCte}): ordered so, the first {@code limit} are kept.
     */
    private static String halfSql(String text, long[] scope, int limit, int perDocument) {
        String list = text == null
                ? SearchSql.vectorCte(scope, limit)
                        + ", h AS (SELECT 'v' AS list, v.id, 1 - v.dist AS score, v.dist AS ord, 0 AS ord2 FROM v)"
                : SearchSql.textCte(text, scope, perDocument, limit)
                        + ", h AS (SELECT 't' AS list, t.id, t.score, -t.score AS ord, -t.tie AS ord2 FROM t)";
        return "WITH " + list
                + """

                SELECT m.dimension, m.active_model, h.list,
                       row_number() OVER (ORDER BY h.ord, h.ord2, d.path, c.ordinal, c.id) AS rank, HIT_COLUMNS_PLACEHOLDER, h.score,
                       c.embedding IS NULL AS pending
                FROM (SELECT model_id AS active_model, dimension FROM models WHERE active) m
                LEFT JOIN (h JOIN chunks c ON c.id = h.id JOIN documents d ON d.id = c.document_id) ON true
                ORDER BY rank LIMIT LIMIT_ROWS""".replace("HIT_COLUMNS_PLACEHOLDER", SearchSql.HIT_COLUMNS)
                        .replace("LIMIT_ROWS", Integer.toString(limit));
    }

    /**
     * Reads rows of (dimension, list, rank, hit columns, score): no row means no active model, a
     * row with a null list an empty result. A query of the wrong dimension fails in PostgreSQL on
     * the first distance; it is reported like any other, with the active model named. {@code query} is null
     * for the full-text half, which computes no distance.
     */
    private static HybridHits fastHits(Connection c, PreparedStatement ps, float[] query) throws SQLException {
        List<ChunkHit> vector = new ArrayList<>();
        List<ChunkHit> text = new ArrayList<>();
        Set<Long> textOnly = new HashSet<>();
        boolean model = false;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (!model) {
                    model = true;
                    if (query != null && rs.getInt(1) != query.length) {
                        new EmbeddingModel(rs.getString(2), rs.getInt(1)).requireDimension(query, "the query vector");
                    }
                }
                String list = rs.getString("list");
                if (list != null && rs.getObject("id") != null) {
                    ChunkHit hit = hit(rs);
                    ("t".equals(list) ? text : vector).add(hit);
                    if ("t".equals(list) && rs.getBoolean("pending")) {
                        textOnly.add(hit.chunkId());
                    }
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("different vector dimensions")) {
                EmbeddingModel active = ModelRegistry.active(c).orElseThrow(() -> e);
                active.requireDimension(query, "the query vector");
            }
            throw e;
        }
        if (!model) {
            throw new IllegalStateException("No embedding model is active; activate one before searching.");
        }
        return new HybridHits(vector, text, textOnly);
    }

    private static ChunkHit hit(ResultSet rs) throws SQLException {
        return new ChunkHit(
                rs.getLong("id"),
                rs.getLong("document_id"),
                rs.getString("path"),
                rs.getString("title"),
                rs.getString("heading"),
                rs.getObject("page", Integer.class),
                rs.getInt("char_start"),
                rs.getInt("char_end"),
                rs.getString("text"),
                rs.getDouble("score"),
                rs.getString("media_type"),
                rs.getString("part_of"),
                rs.getString("language"),
                rs.getString("ts_config"));
    }
}
