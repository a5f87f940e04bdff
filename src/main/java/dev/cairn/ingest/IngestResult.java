package dev.cairn.ingest;

import java.nio.file.Path;

/** How one file ended in an ingest run. */
public sealed interface IngestResult {

    /** How a {@link Skipped} file's reason starts when it failed before and is unchanged; its old reason follows. */
    /** The {@link dev.cairn.platform.Phrase} key of a skip because the file failed before and is unchanged. */
    String FAILED_BEFORE = "ingest.failedBefore";

    Path path();

    /** Parsed, chunked, embedded and stored. */
    record Indexed(Path path, int chunks) implements IngestResult {}

    /** Left as it was, e.g. unchanged since it was indexed. */
    record Skipped(Path path, String why) implements IngestResult {}

    /** Could not be indexed; {@code reason} is a sentence a person understands. */
    record Failed(Path path, String reason) implements IngestResult {}

    /** An entry of a folder that was not read: a loop of links, a dangling link, a device ({@code reason} says which). */
    record NotFollowed(Path path, String reason) implements IngestResult {}
}
