package dev.cairn.cli;

import dev.cairn.ingest.IngestResult;
import java.nio.file.Path;

/** How one file's import ended, as a line for people: the same words for {@code ingest} and {@code watch run}. */
final class ResultLines {

    private ResultLines() {}

    /** A file's line; skipped files say why. */
    static String of(IngestResult r) {
        return switch (r) {
            case IngestResult.Indexed i -> Words.get("result.indexed", i.path(), i.chunks());
            case IngestResult.Skipped s -> Words.get("result.skipped", s.path(), s.why());
            case IngestResult.Failed f -> Words.get("result.failed", f.path(), f.reason());
            case IngestResult.NotFollowed n -> Words.get("result.notFollowed", n.path(), n.reason());
        };
    }

    /** A document inside {@code partOf} (an e-mail's attachment): indented under its file. */
    static String part(String partOf, IngestResult r) {
        Path name = r.path().getFileName();
        return switch (r) {
            case IngestResult.Indexed i -> Words.get("part.indexed", name, partOf, i.chunks());
            case IngestResult.Failed f -> Words.get("part.failed", name, partOf, f.reason());
            default -> Words.get("part.other", name, partOf);
        };
    }
}
