package dev.cairn.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks that wait for their vector, and where their vectors go: the store's half of
 * progressive indexing (docs/decisions/0013-progressive-indexing.md). An import commits each
 * document's chunks with their text and no vector, so they are found by full-text search at once;
 * the embedding stage then {@link #claim claims} them in batches, oldest first, and
 * {@link Batch#complete completes} each batch with the active model's vectors.
 *
 * <p>A claim locks its chunks ({@code FOR UPDATE SKIP LOCKED}) until it completes or closes, so
 * two Cairn processes on one library never embed the same chunk, a document replaced meanwhile
 * waits for the batch (and its new chunks come without vectors), and a model switch waits too
 * (the active model's row is share-locked). A crash rolls the claim back: the chunks wait again.
 *
 * <p>One thread at a time: the queue keeps one database session for its batches.
 */
public final class EmbeddingQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingQueue.class);

    /**
     * A chunk that waits for its vector.
     *
     * @param modelText what the model embeds: the heading as context, then the text (as when it was chunked)
     */
    public record Waiting(long chunkId, String modelText) {}

    /**
     * How much of the library has its vectors.
     *
     * @param chunks  every chunk in the library
     * @param waiting chunks without a vector of the active model yet
     */
    public record Coverage(long chunks, long waiting) {

        public static final Coverage EMPTY = new Coverage(0, 0);

        public boolean complete() {
            return waiting == 0;
        }

        /** The share of chunks with a vector, 0 to 1; 1 for an empty library. */
        public double fraction() {
            return chunks == 0 ? 1 : (double) (chunks - waiting) / chunks;
        }

        /** The share as a whole percentage, 99 rather than 100 while any chunk waits. */
        public int percent() {
            int p = (int) Math.floor(fraction() * 100);
            return waiting > 0 ? Math.min(p, 99) : p;
        }

        /** For people: "semantic index 62%, 4,120 chunks to go", or "semantic index complete". */
        public String describe() {
            if (waiting == 0) {
                return "semantic index complete";
            }
            return String.format(
                    java.util.Locale.ROOT,
                    "semantic index %d%%, %,d chunk%s to go",
                    percent(),
                    waiting,
                    waiting == 1 ? "" : "s");
        }
    }

    private final DataSource dataSource;
    private final Runnable onWrite;
    private Connection session;

    EmbeddingQueue(DataSource dataSource, Runnable onWrite) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.onWrite = Objects.requireNonNull(onWrite, "onWrite");
    }

    /**
     * Claims up to {@code limit} chunks without a vector, oldest first, skipping those another
     * process has claimed. An empty batch means nothing is left that this process can take now.
     *
     * @param modelId the model that will compute the vectors; must be the active model
     * @throws IllegalStateException when {@code modelId} is not the active model (switched meanwhile)
     * @throws StoreException        when the database fails
     */
    public Batch claim(String modelId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Connection c = session();
        try {
            EmbeddingModel model = ModelRegistry.lockActive(c, modelId);
            List<Waiting> chunks = new ArrayList<>(limit);
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, heading, text FROM chunks WHERE embedding IS NULL
                    ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String heading = rs.getString(2);
                        String text = rs.getString(3);
                        chunks.add(new Waiting(
                                rs.getLong(1), heading == null || heading.isEmpty() ? text : heading + "\n" + text));
                    }
                }
            }
            return new Batch(c, model, chunks);
        } catch (SQLException | RuntimeException e) {
            drop(c, e);
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("Could not find the chunks that wait for their vectors: " + e.getMessage(), e);
        }
    }

    /** How many chunks there are and how many still wait for a vector; two index scans, on the queue's session. */
    public Coverage coverage() {
        Connection c = session();
        try {
            Coverage counted = coverage(c);
            c.commit();
            return counted;
        } catch (SQLException | RuntimeException e) {
            drop(c, e);
            throw new StoreException("Could not count the chunks without vectors: " + e.getMessage(), e);
        }
    }

    static Coverage coverage(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT (SELECT count(*) FROM chunks), (SELECT count(*) FROM chunks WHERE embedding IS NULL)");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Coverage(rs.getLong(1), rs.getLong(2));
        }
    }

    /**
     * The GIN pending list's limit on the queue's session. A vector arrives by an UPDATE that the index of
     * waiting chunks makes non-HOT, so each one adds its chunk's lexemes to the full-text index again.
     */
    static final int PENDING_LIST_KB = 256;

    /**
     * A chunk's vector, sent as a binary {@code float4[]} and cast to {@code vector} by the server:
     * the same floats as pgvector's text form, without printing and parsing 384 decimals a chunk.
     */
    static final String UPDATE_VECTOR = "UPDATE chunks SET embedding = ?::real[]::vector, model_id = ? WHERE id = ?";

    /** Claimed chunks; complete it with their vectors, or close it to give them back. */
    public final class Batch implements AutoCloseable {

        private final Connection connection;
        private final EmbeddingModel model;
        private final List<Waiting> chunks;
        private boolean done;

        private Batch(Connection connection, EmbeddingModel model, List<Waiting> chunks) {
            this.connection = connection;
            this.model = model;
            this.chunks = List.copyOf(chunks);
        }

        public List<Waiting> chunks() {
            return chunks;
        }

        public boolean isEmpty() {
            return chunks.isEmpty();
        }

        /** Stores one vector per claimed chunk, in the claimed order, and commits. */
        public void complete(List<float[]> vectors) {
            if (done) {
                throw new IllegalStateException("this batch is already completed or closed");
            }
            if (vectors.size() != chunks.size()) {
                throw new IllegalArgumentException(
                        chunks.size() + " chunks were claimed, but " + vectors.size() + " vectors came");
            }
            done = true;
            try (PreparedStatement ps = connection.prepareStatement(UPDATE_VECTOR)) {
                for (int i = 0; i < chunks.size(); i++) {
                    model.requireDimension(
                            vectors.get(i), "chunk " + chunks.get(i).chunkId());
                    ps.setObject(1, vectors.get(i)); // float4[] in binary: the same floats, none printed and parsed
                    ps.setString(2, model.modelId());
                    ps.setLong(3, chunks.get(i).chunkId());
                    ps.addBatch();
                }
                ps.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                drop(connection, e);
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new StoreException(
                        "Could not store the vectors of " + chunks.size() + " chunks: " + e.getMessage(), e);
            }
            onWrite.run();
        }

        /** Gives the chunks back unless completed: they wait for the next claim. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                connection.rollback();
            } catch (SQLException e) {
                drop(connection, e);
            }
        }
    }

    @Override
    public void close() {
        Connection c = session;
        session = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the embedding queue's session failed", e);
            }
        }
    }

    private Connection session() {
        if (session == null) {
            try {
                Connection c = dataSource.getConnection();
                try (Statement st = c.createStatement()) {
                    // The full-text index's pending list, which every search scans whole, merged once it
                    // holds 256 kB instead of 4 MB (docs/decisions/0013-progressive-indexing.md).
                    st.execute("SET gin_pending_list_limit = '" + PENDING_LIST_KB + "kB'");
                    c.setAutoCommit(false);
                } catch (SQLException e) {
                    try (c) {
                        throw e;
                    }
                }
                session = c;
            } catch (SQLException e) {
                throw new StoreException(
                        "Could not reach the database for the chunks that wait for vectors: " + e.getMessage(), e);
            }
        }
        return session;
    }

    /** Rolls back and forgets a session that failed; the next claim opens a new one. */
    private void drop(Connection c, Exception cause) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        if (session == c) {
            session = null;
        }
    }
}
