package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding models the database has seen and the one that is active. Every vector in
 * {@code chunks} belongs to one model's space; vectors of two models are never compared, so
 * activating another model turns the chunks of the old one stale until they are re-embedded
 * ({@link ChunkStore#staleChunks}, {@link ChunkStore#updateEmbeddings}).
 */
public final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    /** How long a model switch waits for writes that other processes keep starting. */
    private static final Duration LOCK_PATIENCE = Duration.ofMinutes(2);

    private final DataSource dataSource;

    public ModelRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The active model, empty on a database where none was activated yet. */
    public Optional<EmbeddingModel> active() {
        return Jdbc.withConnection(dataSource, "read the active embedding model", ModelRegistry::active);
    }

    /**
     * Makes {@code modelId} the active model. When its dimension differs from the vector column's,
     * the column is resized, which clears every stored vector (they belong to the old model anyway).
     * Chunk writes of the old model that are in flight finish first; later ones are refused.
     *
     * @throws IllegalArgumentException when the model was registered before with another dimension
     */
    public Activation activate(String modelId, int dimension) {
        EmbeddingModel model = new EmbeddingModel(modelId, dimension);
        return Jdbc.inTransaction(dataSource, "activate embedding model " + modelId, c -> activate(c, model));
    }

    private static Activation activate(Connection c, EmbeddingModel model) throws SQLException {
        if (active(c).filter(model::equals).isPresent()) {
            // Nothing changes (every start of a Cairn process lands here): no lock, so an import that
            // another process runs on this library is not held up.
            return new Activation(model, model.modelId(), staleChunks(c, model.modelId()), false);
        }
        lockModels(c);
        Optional<Integer> registered = registeredDimension(c, model.modelId());
        if (registered.isPresent() && registered.get() != model.dimension()) {
            throw new IllegalArgumentException("Model " + model.modelId() + " was registered with dimension "
                    + registered.get() + ", not " + model.dimension() + "; a model id must name one model."
                    + " Give a changed model a new id.");
        }
        String previous = active(c).map(EmbeddingModel::modelId).orElse(null);
        boolean resized = false;
        if (!model.modelId().equals(previous)) {
            try (PreparedStatement off = c.prepareStatement("UPDATE models SET active = false WHERE active");
                    PreparedStatement on = c.prepareStatement("""
                         INSERT INTO models (model_id, dimension, active, activated_at) VALUES (?, ?, true, now())
                         ON CONFLICT (model_id) DO UPDATE SET active = true, activated_at = now()""")) {
                off.executeUpdate();
                on.setString(1, model.modelId());
                on.setInt(2, model.dimension());
                on.executeUpdate();
            }
            int columnDimension = columnDimension(c);
            if (columnDimension != model.dimension()) {
                resizeVectorColumn(c, model.dimension());
                resized = true;
            } else {
                // Vectors of the old model are never searched again; without them a chunk waiting for
                // its new vector is simply one whose embedding is null (the index the embedding stage reads).
                try (PreparedStatement clear = c.prepareStatement(
                        "UPDATE chunks SET embedding = NULL WHERE embedding IS NOT NULL AND model_id <> ?")) {
                    clear.setString(1, model.modelId());
                    clear.executeUpdate();
                }
            }
        }
        long stale = staleChunks(c, model.modelId());
        if (previous != null && !model.modelId().equals(previous)) {
            LOG.info(
                    "Embedding model switched from {} to {}: {} chunk(s) to re-embed{}",
                    previous,
                    model.modelId(),
                    stale,
                    resized ? " (vector column resized to " + model.dimension() + ")" : "");
        }
        return new Activation(model, previous, stale, resized);
    }

    /**
     * Takes the models table for a switch. The lock conflicts with the FOR SHARE lock that every
     * chunk write takes on the active model; it is asked for a moment at a time, because a request
     * that waits in the lock queue holds up the next write's share lock, and an import that has a
     * document open on the same thread as that next write would then wait for the switch forever.
     */
    private static void lockModels(Connection c) throws SQLException {
        long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL lock_timeout = '200ms'");
            while (true) {
                Savepoint before = c.setSavepoint();
                try {
                    st.execute("LOCK TABLE models IN EXCLUSIVE MODE");
                    break;
                } catch (SQLException e) {
                    c.rollback(before);
                    if (!"55P03".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                        throw e.getSQLState() != null && e.getSQLState().equals("55P03")
                                ? new SQLException(
                                        "Another Cairn process kept writing to this library for "
                                                + LOCK_PATIENCE.toMinutes()
                                                + " minutes; switch the model once its import is done.",
                                        e)
                                : e;
                    }
                    sleep(Duration.ofMillis(300));
                }
            }
            st.execute("SET LOCAL lock_timeout = 0");
        }
    }

    private static void sleep(Duration d) throws SQLException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to switch the embedding model", e);
        }
    }

    /** The dimension of {@code chunks.embedding}; pgvector keeps it as the column's type modifier. */
    static int columnDimension(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT atttypmod FROM pg_attribute
                WHERE attrelid = 'chunks'::regclass AND attname = 'embedding' AND NOT attisdropped""");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("The chunks table has no embedding column; run Schema.migrate first.");
            }
            return rs.getInt(1);
        }
    }

    /**
     * Checks that {@code modelId} is the active model and holds a share lock on its row until the
     * transaction ends, so that no activation can slip between this check and the write.
     */
    static EmbeddingModel lockActive(Connection c, String modelId) throws SQLException {
        Objects.requireNonNull(modelId, "modelId");
        try (PreparedStatement ps =
                c.prepareStatement("SELECT model_id, dimension FROM models WHERE active FOR SHARE")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(
                            "No embedding model is active; activate " + modelId + " before storing its vectors.");
                }
                EmbeddingModel active = new EmbeddingModel(rs.getString(1), rs.getInt(2));
                if (!active.modelId().equals(modelId)) {
                    throw new IllegalStateException("Vectors of model " + modelId + " cannot be stored: the active"
                            + " model is " + active.modelId() + ", and vectors of two models must not mix."
                            + " Re-embed with " + active.modelId() + ".");
                }
                return active;
            }
        }
    }

    static Optional<EmbeddingModel> active(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT model_id, dimension FROM models WHERE active");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new EmbeddingModel(rs.getString(1), rs.getInt(2))) : Optional.empty();
        }
    }

    private static Optional<Integer> registeredDimension(Connection c, String modelId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT dimension FROM models WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    private static void resizeVectorColumn(Connection c, int dimension) throws SQLException {
        try (Statement st = c.createStatement()) {
            // A typmod cannot be a bound parameter; 'dimension' is an int checked by EmbeddingModel.
            st.executeUpdate("UPDATE chunks SET embedding = NULL WHERE embedding IS NOT NULL");
            st.execute("ALTER TABLE chunks ALTER COLUMN embedding TYPE vector(" + dimension + ")");
        }
    }

    private static long staleChunks(Connection c, String modelId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM chunks WHERE embedding IS NULL OR model_id <> ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
