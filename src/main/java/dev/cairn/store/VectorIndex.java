package dev.cairn.store;

/**
 * The approximate nearest-neighbour index on {@code chunks.embedding}, a closed choice. Every kind
 * uses pgvector's cosine operator class, matching the {@code <=>} operator of vector search.
 * Only these records' validated integers ever reach the DDL, never a caller's string.
 */
public sealed interface VectorIndex {

    /** No index: every vector search is an exact scan. */
    record None() implements VectorIndex {
        @Override
        public String toString() {
            return "exact scan (no index)";
        }
    }

    /**
     * HNSW: the best recall for its speed, slow to build; pgvector's defaults are {@code m = 16},
     * {@code efConstruction = 64}.
     */
    record Hnsw(int m, int efConstruction) implements VectorIndex {
        public Hnsw {
            if (m < 2 || m > 100) {
                throw new IllegalArgumentException("HNSW m must be 2..100, got " + m);
            }
            if (efConstruction < 2 * m || efConstruction > 1000) {
                throw new IllegalArgumentException("HNSW ef_construction must be " + 2 * m
                        + "..1000 (at least twice m)," + " got " + efConstruction);
            }
        }

        @Override
        public String toString() {
            return "HNSW (m=" + m + ", ef_construction=" + efConstruction + ")";
        }
    }

    /** IVFFlat: quick to build, but its lists come from the rows present at build time. */
    record IvfFlat(int lists) implements VectorIndex {
        public IvfFlat {
            if (lists < 1 || lists > 32_768) {
                throw new IllegalArgumentException("IVFFlat lists must be 1..32768, got " + lists);
            }
        }

        @Override
        public String toString() {
            return "IVFFlat (lists=" + lists + ")";
        }
    }

    /** The index's name for people, as a {@link dev.cairn.platform.Phrase} code. */
    static String phrase(VectorIndex index) {
        return switch (index) {
            case None none -> dev.cairn.platform.Phrase.of("index.none");
            case Hnsw(int m, int efConstruction) -> dev.cairn.platform.Phrase.of("index.hnsw", m, efConstruction);
            case IvfFlat(int lists) -> dev.cairn.platform.Phrase.of("index.ivfflat", lists);
        };
    }

    /** The fixed name of the index, so that there is only ever one. */
    String NAME = "chunks_embedding_ann";

    /** The name a concurrent build uses until it replaces {@link #NAME}. */
    String BUILD_NAME = NAME + "_build";

    /** The {@code CREATE INDEX} statement, or {@code null} for {@link None}. */
    static String createStatement(VectorIndex index) {
        return createStatement(index, NAME, false);
    }

    /** {@code CREATE INDEX [CONCURRENTLY] name ...}, or {@code null} for {@link None}. */
    static String createStatement(VectorIndex index, String name, boolean concurrently) {
        String create = "CREATE INDEX " + (concurrently ? "CONCURRENTLY " : "") + name;
        return switch (index) {
            case None none -> null;
            case Hnsw(int m, int efConstruction) ->
                create
                        + " ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = " + m
                        + ", ef_construction = " + efConstruction + ")";
            case IvfFlat(int lists) ->
                create + " ON chunks USING ivfflat (embedding vector_cosine_ops) WITH (lists = " + lists + ")";
        };
    }

    /** The index a definition printed by PostgreSQL describes; {@link None} for none or another kind. */
    static VectorIndex parse(String definition) {
        if (definition == null) {
            return new None();
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\w+)='?(\\d+)'?").matcher(definition);
        java.util.Map<String, Integer> with = new java.util.HashMap<>();
        while (m.find()) {
            with.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        if (definition.contains("USING hnsw")) {
            return new Hnsw(with.getOrDefault("m", 16), with.getOrDefault("ef_construction", 64));
        }
        if (definition.contains("USING ivfflat")) {
            return new IvfFlat(with.getOrDefault("lists", 100));
        }
        return new None();
    }
}
