package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.Cairn;
import dev.cairn.platform.Phrase;
import dev.cairn.store.VectorIndex;
import dev.cairn.store.VectorIndexUpkeep;
import org.slf4j.LoggerFactory;

/**
 * What {@code cairn ingest} says about the vector index it gave the library after the vectors were
 * all stored: built (and how well it finds), kept, dropped, or why not now.
 */
final class IndexLines {

    private IndexLines() {}

    /** The library's index brought in line with its setting, on this thread; null when that failed (logged). */
    static VectorIndexUpkeep.Outcome check(Cairn cairn) {
        try {
            return cairn.vectorIndex().check();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(IndexLines.class).warn("Could not build the vector index", e);
            return null;
        }
    }

    static String of(VectorIndexUpkeep.Outcome outcome) {
        return switch (outcome) {
            case null -> Words.get("ingest.index.failed");
            case VectorIndexUpkeep.Kept(VectorIndex index, long vectors) ->
                Words.get("ingest.index.kept", name(index), vectors);
            case VectorIndexUpkeep.Built b
            when b.index() instanceof VectorIndex.None -> Words.get("ingest.index.dropped");
            case VectorIndexUpkeep.Built b ->
                Words.get(
                        "ingest.index.built",
                        name(b.index()),
                        b.vectors(),
                        b.took().toMillis() / 1000.0,
                        b.recall(),
                        String.valueOf(b.settings().efSearch()),
                        String.valueOf(b.settings().probes()));
            case VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason reason) ->
                switch (reason) {
                    case EMBEDDING -> Words.get("ingest.index.embedding");
                    case BUILT_ELSEWHERE -> Words.get("ingest.index.elsewhere");
                    case CLOSED -> Words.get("ingest.index.failed");
                };
        };
    }

    static void json(ObjectNode o, VectorIndexUpkeep.Outcome outcome) {
        ObjectNode i = o.putObject("vector_index");
        switch (outcome) {
            case null -> i.put("outcome", "failed");
            case VectorIndexUpkeep.Kept(VectorIndex index, long vectors) ->
                i.put("outcome", "kept").put("index", Phrase.english(VectorIndex.phrase(index)));
            case VectorIndexUpkeep.Built b ->
                i.put("outcome", b.index() instanceof VectorIndex.None ? "dropped" : "built")
                        .put("index", Phrase.english(VectorIndex.phrase(b.index())))
                        .put("build_s", b.took().toMillis() / 1000.0)
                        .put("recall_at_10", Math.round(b.recall() * 1000) / 1000.0)
                        .put("ef_search", b.settings().efSearch())
                        .put("probes", b.settings().probes());
            case VectorIndexUpkeep.Deferred(VectorIndexUpkeep.Reason reason) ->
                i.put("outcome", "deferred").put("reason", reason.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String name(VectorIndex index) {
        return Phrase.show(VectorIndex.phrase(index));
    }
}
