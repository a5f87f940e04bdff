package dev.cairn.bench;

import dev.cairn.platform.ProcFiles;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the memory of a building backend and its parallel workers (PSS, so shared pages are
 * split between them rather than counted twice), and reports the build's progress now and then.
 */
final class BuildMemorySampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);

    private final ScheduledExecutorService timer;
    private final AtomicLong peak = new AtomicLong(-1);
    private final Connection watch;
    private long lastNote;

    BuildMemorySampler(
            DataSource dataSource,
            long pid,
            int n,
            long startNanos,
            ScaleStorage storage,
            ScaleBenchmark.Listener listener)
            throws SQLException {
        this.watch = dataSource.getConnection();
        this.lastNote = startNanos;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-bench-memory");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> sample(pid, n, startNanos, storage, listener), 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample(long pid, int n, long startNanos, ScaleStorage storage, ScaleBenchmark.Listener listener) {
        try (PreparedStatement ps =
                watch.prepareStatement("SELECT pid FROM pg_stat_activity WHERE pid = ? OR leader_pid = ?")) {
            ps.setLong(1, pid);
            ps.setLong(2, pid);
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    total += ProcFiles.pssKb(rs.getLong(1)) * 1024;
                }
            }
            long sum = total;
            peak.accumulateAndGet(sum, Math::max);
            long now = System.nanoTime();
            if (now - lastNote > 60e9) {
                lastNote = now;
                listener.note(String.format(
                        Locale.ROOT,
                        "  %s build: %s so far%s",
                        storage.type(),
                        Harness.time(now - startNanos),
                        progress(pid)));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not sample the build's memory", e);
        }
    }

    private String progress(long pid) throws SQLException {
        try (PreparedStatement ps = watch.prepareStatement(
                "SELECT phase, tuples_done, tuples_total FROM pg_stat_progress_create_index WHERE pid = ?")) {
            ps.setLong(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                // pgvector counts the tuples it has inserted but leaves the total at 0.
                return String.format(Locale.ROOT, ", %s, %,d tuples", rs.getString(1), rs.getLong(2))
                        + (rs.getLong(3) > 0 ? String.format(Locale.ROOT, " of %,d", rs.getLong(3)) : "");
            }
        }
    }

    long peak() {
        return peak.get();
    }

    @Override
    public void close() throws SQLException {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch.close();
    }
}
