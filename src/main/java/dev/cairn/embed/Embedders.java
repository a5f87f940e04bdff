package dev.cairn.embed;

/** How the application builds its embedder: the bundled ONNX model behind the embedding cache. */
public final class Embedders {

    private Embedders() {}

    /** The default model with the default cache and no persistent store. */
    public static CachingEmbedder standard() {
        return standard(ModelSpec.DEFAULT, null);
    }

    /**
     * {@code model} on its own inference threads, behind a 64 MB, one-hour memory cache and, when
     * {@code store} is not null, the persistent cache. Nothing loads until the first text.
     */
    public static CachingEmbedder standard(ModelSpec model, VectorCache store) {
        return CachingEmbedder.builder(OnnxEmbedder.create(model))
                .vectorCache(store)
                .build();
    }
}
