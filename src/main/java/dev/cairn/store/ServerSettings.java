package dev.cairn.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bundled server's settings, chosen for one desktop user who ingests in bursts (bulk inserts,
 * HNSW builds) and then searches interactively. docs/decisions/0001-bundled-postgres.md keeps the
 * longer reasoning; each line here says the short why.
 */
final class ServerSettings {

    private static final long MB = 1024L * 1024;

    private ServerSettings() {}

    /** Settings for a machine with this much memory and this many cores. */
    static Map<String, String> forMachine(long totalMemoryBytes, int cpus) {
        long ramMb = Math.max(totalMemoryBytes / MB, 1024);
        Map<String, String> s = new LinkedHashMap<>();
        // Reachable from this machine only; password auth (pg_hba) on top. No Unix socket: it would be
        // one more way in, and nothing here needs it (pg_ctl waits on postmaster.pid, JDBC uses TCP).
        s.put("listen_addresses", "127.0.0.1");
        s.put("unix_socket_directories", "''");
        s.put("password_encryption", "scram-sha-256");
        // Every Cairn process on the data directory shares this server (window, CLI, watch), each with a
        // handful of sessions (warm searches, a writer, the embedding stage, the import's path claims, the
        // watch lease); a slot costs little shared memory. PostgreSQL's own default: 64 ran out in the test
        // suite, where one JVM holds many libraries' stores on one server.
        s.put("max_connections", "100");
        // A sixteenth of RAM, 128 MB to 512 MB: enough to keep the HNSW graph's hot pages cached
        // without taking memory a desktop needs for the embedding model and the UI.
        s.put("shared_buffers", clamp(ramMb / 16, 128, 512) + "MB");
        // HNSW builds are fast only while the graph fits in maintenance_work_mem (pgvector warns
        // otherwise). An eighth of RAM, 256 MB to 1 GB; it is only taken while an index is built.
        s.put("maintenance_work_mem", clamp(ramMb / 8, 256, 1024) + "MB");
        // pgvector 0.6+ builds HNSW in parallel; leave half the cores to the embedding pool.
        s.put("max_parallel_maintenance_workers", Integer.toString(Math.clamp(cpus / 2, 1, 4)));
        // Sorting/ranking for hybrid search runs on few connections at once, so this can be generous.
        s.put("work_mem", "32MB");
        // The planner's guess of the OS file cache: a quarter of RAM.
        s.put("effective_cache_size", Math.max(ramMb / 4, 512) + "MB");
        // Desktop disks are SSDs: random reads cost about as much as sequential ones.
        s.put("random_page_cost", "1.1");
        // No replicas or WAL archiving on a desktop. minimal WAL lets CREATE INDEX and loads into new
        // tables skip WAL, which halves the writes of an HNSW build.
        s.put("wal_level", "minimal");
        s.put("max_wal_senders", "0");
        // Fewer checkpoints during a bulk ingest; WAL is recycled afterwards.
        s.put("max_wal_size", "2GB");
        // A crash may lose the last few hundred milliseconds of commits, never consistency: fsync and
        // full_page_writes stay on. Everything Cairn stores is derived from the user's files and is
        // re-ingested when missing, so trading that window for faster commits is safe here.
        s.put("synchronous_commit", "off");
        s.put("fsync", "on");
        s.put("full_page_writes", "on");
        // JIT compilation costs more than it saves on short search queries.
        s.put("jit", "off");
        s.put("timezone", "UTC");
        // Keep a week of logs inside the cluster directory for "why did it not start" questions.
        s.put("logging_collector", "on");
        s.put("log_directory", "log");
        s.put("log_filename", "postgresql-%a.log");
        s.put("log_truncate_on_rotation", "on");
        s.put("log_rotation_age", "1d");
        s.put("log_rotation_size", "0");
        return s;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
