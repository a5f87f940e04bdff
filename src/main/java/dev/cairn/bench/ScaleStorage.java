package dev.cairn.bench;

/** The two ways the scale benchmark stores its vectors, each in tables of its own. */
public enum ScaleStorage {
    VECTOR("vector", "vector_cosine_ops", 'v'),
    HALFVEC("halfvec", "halfvec_cosine_ops", 'h');

    private final String type;
    private final String opclass;
    private final char prefix;

    ScaleStorage(String type, String opclass, char prefix) {
        this.type = type;
        this.opclass = opclass;
        this.prefix = prefix;
    }

    public String type() {
        return type;
    }

    String opclass() {
        return opclass;
    }

    String table(int rows) {
        return ScaleBenchmark.SCHEMA + "." + prefix + "_" + rows;
    }

    String index(int rows) {
        return prefix + "_" + rows + "_hnsw";
    }
}
