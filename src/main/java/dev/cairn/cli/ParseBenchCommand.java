package dev.cairn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.bench.ParseBenchmark;
import dev.cairn.ingest.parse.Parsers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn bench parse PATH...}: how fast each document type is read, without the database or the model. */
@Command(
        name = "parse",
        description = "Parse every file under PATH (once to warm up, once timed, one at a time) and"
                + " report MB/s per document type; no database, no model.")
final class ParseBenchCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to parse.")
    List<Path> paths;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Arguments.requireExisting(paths, "parse");
        ParseBenchmark.Report report;
        try (Parsers parsers = Parsers.create()) {
            report = new ParseBenchmark().run(paths, parsers);
        }
        if (json) {
            ObjectNode o = Json.object();
            ArrayNode rows = o.putArray("types");
            report.rows().forEach(r -> rows.add(Json.MAPPER.valueToTree(r.toMap())));
            ArrayNode failures = o.putArray("failures");
            report.failures().forEach(failures::add);
            spec.commandLine().getOut().println(Json.write(o));
        } else {
            spec.commandLine().getOut().print(report.toText());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
