package dev.cairn.cli;

import dev.cairn.ingest.IngestResult;
import dev.cairn.platform.Phrase;
import java.nio.file.Path;

/** How one file's import ended, as a line for people: the same words for {@code ingest} and {@code watch run}. */
final class ResultLines {

    private ResultLines() {}

    /** A file's line; skipped files say why. */
    static String of(IngestResult r) {
        return switch (r) {
            case IngestResult.Indexed i -> Words.get("result.indexed", i.path(), i.chunks());
            case IngestResult.Skipped s -> Words.get("result.skipped", s.path(), Phrase.show(s.why()));
            case IngestResult.Failed f -> Words.get("result.failed", f.path(), Phrase.show(f.reason()));
            case IngestResult.NotFollowed n -> Words.get("result.notFollowed", n.path(), Phrase.show(n.reason()));
        };
    }

    /** A document inside {@code partOf} (an e-mail's attachment): indented under its file. */
    static String part(String partOf, IngestResult r) {
        Path name = r.path().getFileName();
        return switch (r) {
            case IngestResult.Indexed i -> Words.get("part.indexed", name, Phrase.show(partOf), i.chunks());
            case IngestResult.Failed f -> Words.get("part.failed", name, Phrase.show(partOf), Phrase.show(f.reason()));
            default -> Words.get("part.other", name, Phrase.show(partOf));
        };
    }
}
