package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        try (Statement lock = c.createStatement()) {
            // Conflicts with the FOR SHARE lock ChunkStore takes on the active model while writing vectors.
            lock.execute("LOCK TABLE models IN EXCLUSIVE MODE");
        }
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
            LOG.info("Embedding model switched from {} to {}: {} chunk(s) to re-embed{}", previous, model.modelId(),
                    stale, resized ? " (vector column resized to " + model.dimension() + ")" : "");
        }
        return new Activation(model, previous, stale, resized);
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
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM chunks WHERE embedding IS NULL OR model_id <> ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
