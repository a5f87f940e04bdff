package dev.cairn.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * A few open sessions kept for searches. {@link Database#dataSource()} opens a new PostgreSQL
 * session per call (several milliseconds with SCRAM, more than a whole indexed search), so the
 * read paths borrow a warm one instead. Not a general pool: never blocks (a borrower that finds
 * none idle opens one, and a surplus one is closed on return), no validation query (a connection
 * that failed once is closed rather than returned), and each session carries the
 * {@link SearchSettings} it was last given, re-applied only when they change.
 */
final class WarmConnections implements AutoCloseable {

    private final DataSource dataSource;
    private final Supplier<SearchSettings> settings;
    private final BlockingQueue<Warm> idle;
    private volatile boolean closed;

    private static final class Warm {
        final Connection connection;
        SearchSettings applied;
        boolean oneGenericPlan;

        Warm(Connection connection) {
            this.connection = connection;
        }
    }

    WarmConnections(DataSource dataSource, int keep, Supplier<SearchSettings> settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(keep);
    }

    <T> T withConnection(String what, Jdbc.TransactionBody<T> body) {
        return withConnection(what, 0, body);
    }

    /**
     * {@link #withConnection(String, Jdbc.TransactionBody)} for a statement that asks an HNSW index
     * for {@code nearest} rows: the session's {@code hnsw.ef_search} is raised to that many when
     * set lower. With fewer, pgvector's iterative scan walks the graph again for the rest, which
     * made vector top 20 (60 candidates) cost half as much again as top 5 (docs/decisions/0026).
     */
    <T> T withConnection(String what, int nearest, Jdbc.TransactionBody<T> body) {
        return withConnection(what, nearest, null, body);
    }

    /**
     * {@link #withConnection(String, int, Jdbc.TransactionBody)} for a search statement whose plan the
     * session keeps ({@code oneGenericPlan}: planned once, whatever its parameters) or plans afresh
     * for each run's parameters; null leaves the session as it is. By default the server plans a
     * prepared statement afresh for each run until a generic plan looks no dearer, which for a search
     * of the whole library it never did: 2 of its 10 ms went to planning (docs/decisions/0026).
     */
    <T> T withConnection(String what, int nearest, Boolean oneGenericPlan, Jdbc.TransactionBody<T> body) {
        Warm warm = idle.poll();
        if (warm == null) {
            return run(what, nearest, oneGenericPlan, body, null);
        }
        try {
            return run(what, nearest, oneGenericPlan, body, warm);
        } catch (StoreException e) {
            if (!Database.isServerGone(e)) {
                throw e;
            }
            // The server was restarted since this session was opened (a crash, a kill); reads are
            // safe to repeat on a new session, which the DataSource opens on the running server.
            drain();
            return run(what, nearest, oneGenericPlan, body, null);
        }
    }

    private <T> T run(String what, int nearest, Boolean oneGenericPlan, Jdbc.TransactionBody<T> body, Warm warm) {
        try {
            if (warm == null) {
                warm = new Warm(dataSource.getConnection());
                allowIterativeScans(warm.connection);
            }
            SearchSettings wanted = settings.get();
            if (wanted.efSearch() < Math.min(nearest, 1000)) {
                wanted = wanted.withEfSearch(Math.min(nearest, 1000));
            }
            boolean plans = oneGenericPlan != null && oneGenericPlan != warm.oneGenericPlan;
            if (!wanted.equals(warm.applied) || plans) {
                String set = wanted.equals(warm.applied) ? "" : wanted.setStatements(false);
                if (plans) {
                    set += "; SET plan_cache_mode = " + (oneGenericPlan ? "force_generic_plan" : "auto");
                }
                try (Statement st = warm.connection.createStatement()) {
                    st.execute(set.startsWith("; ") ? set.substring(2) : set);
                }
                warm.applied = wanted;
                warm.oneGenericPlan = plans ? oneGenericPlan : warm.oneGenericPlan;
            }
            T result = body.run(warm.connection);
            release(warm);
            return result;
        } catch (SQLException e) {
            discard(warm);
            throw new StoreException("Could not " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            discard(warm);
            throw e;
        }
    }

    /**
     * A search within part of the library filters the nearest neighbours an approximate index finds;
     * pgvector 0.8 then scans on until enough pass the filter, instead of returning fewer. An older
     * pgvector (an external server) does not know the setting, and searches as before.
     */
    private static void allowIterativeScans(Connection c) {
        try (Statement st = c.createStatement()) {
            st.execute("SET hnsw.iterative_scan = relaxed_order; SET ivfflat.iterative_scan = relaxed_order");
        } catch (SQLException e) {
            LoggerFactory.getLogger(WarmConnections.class)
                    .debug("pgvector without iterative index scans: {}", e.getMessage());
        }
    }

    private void release(Warm warm) {
        if (closed || !idle.offer(warm)) {
            discard(warm);
        }
        if (closed) {
            drain();
        }
    }

    private static void discard(Warm warm) {
        if (warm != null) {
            try {
                warm.connection.close();
            } catch (SQLException ignored) {
                // already broken: nothing more to release
            }
        }
    }

    private void drain() {
        for (Warm w = idle.poll(); w != null; w = idle.poll()) {
            discard(w);
        }
    }

    @Override
    public void close() {
        closed = true;
        drain();
    }
}
