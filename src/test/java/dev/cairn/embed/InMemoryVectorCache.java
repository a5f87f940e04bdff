package dev.cairn.embed;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A real, memory-backed {@link VectorCache}, standing in for the database's table in unit tests. */
final class InMemoryVectorCache implements VectorCache {

    private final Map<String, Map<String, float[]>> byModel = new ConcurrentHashMap<>();
    final AtomicInteger roundTrips = new AtomicInteger();

    @Override
    public Map<String, float[]> getAll(String modelId, Collection<String> textSha256Hex) {
        roundTrips.incrementAndGet();
        Map<String, float[]> stored = byModel.getOrDefault(modelId, Map.of());
        Map<String, float[]> found = new HashMap<>();
        for (String sha : textSha256Hex) {
            float[] v = stored.get(sha);
            if (v != null) {
                found.put(sha, v.clone());
            }
        }
        return found;
    }

    @Override
    public void putAll(String modelId, Map<String, float[]> vectorsBySha256Hex) {
        roundTrips.incrementAndGet();
        Map<String, float[]> stored = byModel.computeIfAbsent(modelId, m -> new ConcurrentHashMap<>());
        vectorsBySha256Hex.forEach((sha, v) -> stored.putIfAbsent(sha, v.clone()));
    }

    int size(String modelId) {
        return byModel.getOrDefault(modelId, Map.of()).size();
    }
}
