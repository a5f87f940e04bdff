package dev.cairn.bench;

import dev.cairn.ingest.FileWalker;
import dev.cairn.ingest.parse.DocumentTypes;
import dev.cairn.ingest.parse.ParseBudget;
import dev.cairn.ingest.parse.ParseOutcome;
import dev.cairn.ingest.parse.Parsers;
import dev.cairn.platform.Phrase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How fast each document type is read: every file under the roots parsed once to warm up and once
 * timed, one at a time (no database, no model), grouped by the type the file's extension names.
 * Parsing only: chunking, the model and the writes are {@code bench ingest}'s.
 */
public final class ParseBenchmark {

    /** One type's figures; {@code failed} files count in files and bytes but not in the speed. */
    public record Row(String type, int files, int failed, long bytes, long chars, double seconds) {

        public double megabytesPerSecond() {
            return seconds == 0 ? 0 : (bytes / 1e6) / seconds;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("files", files);
            m.put("failed", failed);
            m.put("mb", Math.round(bytes / 1e4) / 100.0);
            m.put("chars", chars);
            m.put("seconds", Math.round(seconds * 1000) / 1000.0);
            m.put("mb_per_s", Math.round(megabytesPerSecond() * 100) / 100.0);
            return m;
        }
    }

    /** The rows, by type name; files whose parse failed are also listed with their reasons. */
    public record Report(List<Row> rows, List<String> failures) {

        public String toText() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT, "%-28s %6s %6s %9s %9s %8s%n", "type", "files", "failed", "MB", "seconds", "MB/s"));
            for (Row r : rows) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%-28s %6d %6d %9.2f %9.3f %8.2f%n",
                        r.type(),
                        r.files(),
                        r.failed(),
                        r.bytes() / 1e6,
                        r.seconds(),
                        r.megabytesPerSecond()));
            }
            failures.forEach(f -> sb.append("failed: ").append(f).append('\n'));
            return sb.toString();
        }
    }

    public Report run(List<Path> roots, Parsers parsers) throws InterruptedException {
        List<Path> files = FileWalker.scan(roots).files();
        for (Path f : files) {
            parse(parsers, f); // warm-up: classes loaded and compiled, the folder's repeated text learned
        }
        Map<String, long[]> totals = new TreeMap<>(); // files, failed, bytes, chars, nanos
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            long t0 = System.nanoTime();
            ParseOutcome outcome = parse(parsers, f);
            long nanos = System.nanoTime() - t0;
            String type =
                    DocumentTypes.forFile(f).map(t -> Phrase.english(t.name())).orElse("other (read as text)");
            long[] t = totals.computeIfAbsent(type, k -> new long[5]);
            t[0]++;
            t[2] += size(f);
            if (outcome instanceof ParseOutcome.Parsed parsed) {
                t[3] += parsed.chars();
                t[4] += nanos;
            } else if (outcome instanceof ParseOutcome.Failed failed) {
                t[1]++;
                failures.add(f + ": " + failed.message());
            }
        }
        List<Row> rows = new ArrayList<>();
        totals.forEach((type, t) -> rows.add(new Row(type, (int) t[0], (int) t[1], t[2], t[3], t[4] / 1e9)));
        return new Report(rows, failures);
    }

    private static ParseOutcome parse(Parsers parsers, Path file) throws InterruptedException {
        return parsers.parse(file, ParseBudget.defaults(), block -> {});
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
