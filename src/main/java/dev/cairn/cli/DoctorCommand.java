package dev.cairn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.platform.Phrase;
import dev.cairn.platform.PrivateFiles;
import dev.cairn.store.Database;
import dev.cairn.store.EmbeddingQueue;
import dev.cairn.store.LibraryCheck;
import dev.cairn.store.VectorIndex;
import dev.cairn.store.VectorIndexUpkeep;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn doctor}: what Cairn runs on, where its data lives, and (with --verify) whether it is intact. */
@Command(name = "doctor")
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    CairnCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", descriptionKey = "opt.doctor.json")
    boolean json;

    @Option(names = "--verify", descriptionKey = "opt.doctor.verify")
    boolean verify;

    @Override
    public Integer call() throws SQLException, IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        List<LibraryCheck.Finding> findings = List.of();
        VectorIndexUpkeep.State index = null;
        try (Database db = Database.from(root.appDirs(), root.dbUrl())) {
            report.put("postgres", db.postgresVersion());
            report.put("pgvector", db.pgvectorVersion());
            // The data directory is the one the user chose (settings, logs, the cluster); the
            // database's own cluster is a folder inside it, absent for an external server.
            report.put("data_dir", root.appDirs().dataDir().toString());
            report.put(
                    "database_dir", db.dataDir() == null ? null : db.dataDir().toString());
            report.put("external", db.dataDir() == null);
            try (Connection c = db.dataSource().getConnection()) {
                report.put("documents", countIfPresent(c, "documents"));
                long chunks = countIfPresent(c, "chunks");
                report.put("chunks", chunks);
                // Progressive indexing: chunks are searchable by their words before their vectors exist.
                boolean vectors = chunks > 0
                        && "t"
                                .equals(queryString(
                                                c,
                                                "SELECT EXISTS (SELECT 1 FROM pg_attribute"
                                                        + " WHERE attrelid = 'chunks'::regclass AND attname = 'embedding' AND NOT attisdropped)::text")
                                        .substring(0, 1));
                EmbeddingQueue.Coverage semantic = new EmbeddingQueue.Coverage(
                        chunks, vectors ? queryLong(c, "SELECT count(*) FROM chunks WHERE embedding IS NULL") : 0);
                report.put("chunks_without_vectors", semantic.waiting());
                report.put("semantic_index_percent", semantic.percent());
                report.put("semantic_index", semantic.describe());
                if (queryString(c, "SELECT to_regclass('chunks')::text") != null) {
                    index = VectorIndexUpkeep.state(c);
                    report.put("vector_index", Phrase.english(VectorIndex.phrase(index.index())));
                    report.put(
                            "vector_index_building",
                            index.building()
                                    .map(b -> Phrase.english(VectorIndex.phrase(b)))
                                    .orElse(null));
                }
                report.put("database_bytes", queryLong(c, "SELECT pg_database_size(current_database())"));
                // The same value from two Cairn processes shows they share one server.
                report.put("server_started_at", queryString(c, "SELECT pg_postmaster_start_time()::text"));
                report.put("data_checksums", "on".equals(queryString(c, "SHOW data_checksums")));
            }
            report.put("start_ms", db.startTime().toMillis());
            Path dataDir = root.appDirs().dataDir();
            List<Path> loose = PrivateFiles.looserThanPrivate(dataDir);
            report.put("private", loose.isEmpty());
            report.put(
                    "readable_by_others",
                    loose.stream()
                            .limit(10)
                            .map(p -> dataDir.relativize(p).toString())
                            .toList());
            if (verify) {
                findings = LibraryCheck.run(db.dataSource());
                report.put("verified", findings.stream().allMatch(LibraryCheck.Finding::ok));
                report.put(
                        "findings",
                        findings.stream()
                                .map(f -> Map.of("check", f.check(), "ok", f.ok(), "words", Phrase.english(f.words())))
                                .toList());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.println(Words.get("doctor.postgres", report.get("postgres")));
            out.println(Words.get("doctor.pgvector", report.get("pgvector")));
            out.println(Words.get("doctor.dataDir", report.get("data_dir")));
            out.println(
                    report.get("database_dir") == null
                            ? Words.get("doctor.database.external")
                            : Words.get("doctor.database", report.get("database_dir")));
            out.println(Words.get("doctor.size", Words.bytes((Long) report.get("database_bytes"))));
            out.println(Words.get("doctor.documents", report.get("documents")));
            out.println(Words.get(
                    "doctor.chunks",
                    report.get("chunks"),
                    Words.semantic((Number) report.get("semantic_index_percent"), (Number)
                            report.get("chunks_without_vectors"))));
            if (index != null) {
                out.println(Words.get(
                        "doctor.vectorIndex",
                        Phrase.show(VectorIndex.phrase(index.index())),
                        index.building()
                                .map(b -> Words.get("doctor.vectorIndex.building", Phrase.show(VectorIndex.phrase(b))))
                                .orElse("")));
            }
            out.println(Words.get("doctor.started", report.get("start_ms")));
            out.println(
                    Words.get((Boolean) report.get("data_checksums") ? "doctor.checksums.on" : "doctor.checksums.off"));
            @SuppressWarnings("unchecked")
            List<String> loose = (List<String>) report.get("readable_by_others");
            out.println(
                    loose.isEmpty()
                            ? Words.get("doctor.private.yes")
                            : Words.get("doctor.private.no", String.join(", ", loose)));
            if (verify) {
                out.println();
                out.println(Words.get(
                        (Boolean) report.get("verified") ? "doctor.verify.intact" : "doctor.verify.problems"));

                String ok = Words.get("doctor.finding.ok");
                String fail = Words.get("doctor.finding.fail");
                String column = "%-" + Math.max(ok.length(), fail.length()) + "s";
                for (LibraryCheck.Finding f : findings) {
                    out.println(Words.get(
                            "doctor.finding",
                            String.format(column, f.ok() ? ok : fail),
                            String.format("%-10s", f.check()),
                            Phrase.show(f.words())));
                }
            }
        }
        out.flush();
        return verify && !(Boolean) report.get("verified") ? 1 : 0;
    }

    /** The tables come with the store's schema migration; before it has run there is nothing to count. */
    private static long countIfPresent(Connection c, String table) throws SQLException {
        if (queryString(c, "SELECT to_regclass('" + table + "')::text") == null) {
            return 0;
        }
        return queryLong(c, "SELECT count(*) FROM " + table);
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
