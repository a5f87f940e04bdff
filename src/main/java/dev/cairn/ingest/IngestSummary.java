package dev.cairn.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What an ingest run did.
 *
 * @param cpuUtilisation share of all cores this process kept busy during the run, 0 to 1
 */
public record IngestSummary(int indexed, int skipped, int failed, int pruned, List<IngestResult.Failed> failures,
                            long chunks, Duration elapsed, long throttleEvents, double cpuUtilisation,
                            boolean cancelled) {

    public IngestSummary {
        failures = List.copyOf(failures);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double chunksPerSecond() {
        return seconds() == 0 ? 0 : chunks / seconds();
    }
}
