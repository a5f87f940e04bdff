package dev.cairn.embed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The real bundled models, loaded once per test JVM and shared by the test classes. */
final class RealModels {

    private static final Map<ModelSpec, OnnxEmbedder> LOADED = new ConcurrentHashMap<>();

    private RealModels() {}

    static OnnxEmbedder get(ModelSpec model) {
        return LOADED.computeIfAbsent(model, OnnxEmbedder::create);
    }
}
