package dev.cairn.bench;

import static dev.cairn.bench.ScaleBenchmark.SCHEMA;

import dev.cairn.platform.ProcFiles;
import dev.cairn.store.VectorIndex;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Builds the scale benchmark's HNSW indexes, one storage at a time, and says what each build cost. */
final class ScaleIndexBuilder {

    private final DataSource dataSource;

    ScaleIndexBuilder(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Builds {@code hnsw} on one size's table with {@code mwmMb} of maintenance_work_mem and
     * {@code workers} parallel workers, and measures the time, sizes and the backends' peak memory.
     */
    ScaleReport.Build build(
            int n,
            ScaleStorage storage,
            VectorIndex.Hnsw hnsw,
            long mwmMb,
            int workers,
            ScaleBenchmark.Listener listener)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            long pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            st.execute("SET maintenance_work_mem = '" + mwmMb + "MB'");
            st.execute("SET max_parallel_maintenance_workers = " + workers);
            listener.note(String.format(
                    Locale.ROOT,
                    "  building HNSW on %s (maintenance_work_mem %d MB, %d parallel" + " workers)...",
                    storage.type(),
                    mwmMb,
                    workers));
            long t0 = System.nanoTime();
            long peak;
            try (BuildMemorySampler sampler = new BuildMemorySampler(dataSource, pid, n, t0, storage, listener)) {
                st.execute("CREATE INDEX " + storage.index(n) + " ON " + storage.table(n) + " USING hnsw (embedding "
                        + storage.opclass() + ") WITH (m = " + hnsw.m() + ", ef_construction = " + hnsw.efConstruction()
                        + ")");
                peak = sampler.peak();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            peak = Math.max(peak, ProcFiles.statusKb(pid, "VmHWM") * 1024);
            List<String> notices = new ArrayList<>();
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                notices.add(w.getMessage());
            }
            long indexBytes;
            long tableBytes;
            try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('" + SCHEMA + "." + storage.index(n)
                    + "'), pg_table_size('" + storage.table(n) + "')")) {
                rs.next();
                indexBytes = rs.getLong(1);
                tableBytes = rs.getLong(2);
            }
            listener.note(String.format(
                    Locale.ROOT,
                    "  built in %.1fs: index %.1f MB, table %.1f MB%s",
                    seconds,
                    indexBytes / 1e6,
                    tableBytes / 1e6,
                    notices.isEmpty() ? "" : ", NOTICE: " + notices));
            return new ScaleReport.Build(
                    storage,
                    hnsw,
                    seconds,
                    indexBytes,
                    tableBytes,
                    mwmMb,
                    workers,
                    peak <= 0 ? -1 : peak,
                    notices,
                    false);
        }
    }
}
