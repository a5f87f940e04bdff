package dev.cairn.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What an ingest run did.
 *
 * @param elapsed         the whole run: until every chunk had its vector when the run waited for
 *                        them, else until the text was stored ({@code textSearchable})
 * @param cpuUtilisation  share of all cores this process kept busy during the run, 0 to 1
 * @param textSearchable  until every document of the run was stored and searchable by its words
 * @param semanticProblem why the vectors are not all there, in words; {@code null} when they are (or were not awaited)
 * @param stopped         why the run stopped before its end (the database gone, the disk full), in words
 *                        with what to do; {@code null} when it ran to its end or a person cancelled it
 * @param notFollowed     entries of the folders that were not read (links, devices), each with its reason
 */
public record IngestSummary(
        int indexed,
        int skipped,
        int failed,
        int pruned,
        List<IngestResult.Failed> failures,
        long chunks,
        Duration elapsed,
        long throttleEvents,
        double cpuUtilisation,
        boolean cancelled,
        Duration textSearchable,
        String semanticProblem,
        String stopped,
        List<IngestResult.NotFollowed> notFollowed) {

    public IngestSummary {
        failures = List.copyOf(failures);
        notFollowed = List.copyOf(notFollowed);
    }

    /** A run as far as its text: searchable by words when it ends. */
    public IngestSummary(
            int indexed,
            int skipped,
            int failed,
            int pruned,
            List<IngestResult.Failed> failures,
            long chunks,
            Duration elapsed,
            long throttleEvents,
            double cpuUtilisation,
            boolean cancelled) {
        this(
                indexed,
                skipped,
                failed,
                pruned,
                failures,
                chunks,
                elapsed,
                throttleEvents,
                cpuUtilisation,
                cancelled,
                elapsed,
                null,
                null,
                List.of());
    }

    /** This run, then its vectors: {@code total} from the start until the last vector, with its CPU use. */
    public IngestSummary withSemantic(Duration total, double cpu, String problem) {
        return new IngestSummary(
                indexed,
                skipped,
                failed,
                pruned,
                failures,
                chunks,
                total,
                throttleEvents,
                cpu,
                cancelled,
                textSearchable,
                problem,
                stopped,
                notFollowed);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double chunksPerSecond() {
        return seconds() == 0 ? 0 : chunks / seconds();
    }
}
