package dev.cairn.store;

import dev.cairn.platform.AppDirs;
import dev.cairn.platform.BackgroundPriority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's PostgreSQL with pgvector: the bundled server in the data directory, or an external one.
 *
 * <p>Nothing starts until the first call that needs the database ({@link #dataSource()} and the
 * version getters); that call starts it once, however many threads ask at the same time, and the
 * others wait for the same start. A failed start is reported to every waiting caller and tried
 * again on the next call. {@link #close()} (and a JVM shutdown hook) leaves the bundled server,
 * which stops it when no other Cairn process uses it.
 *
 * <p>The DataSource hands out plain, unpooled connections (PGSimpleDataSource): each
 * {@code getConnection()} opens a new session, a few milliseconds with SCRAM. Callers that open
 * many short sessions should keep a connection for a batch; a small pool can go in behind this
 * method later without changing callers.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** Environment variables with the credentials for {@code --db-url}. */
    public static final String USER_ENV = "CAIRN_DB_USER";

    public static final String PASSWORD_ENV = "CAIRN_DB_PASSWORD";

    /** Where the database is in its life; listeners hear every change. */
    public enum State {
        NOT_STARTED,
        STARTING,
        READY,
        FAILED,
        CLOSED
    }

    private final Backend backend;
    private final AtomicReference<CompletableFuture<Backend.Running>> start = new AtomicReference<>();
    private final List<Consumer<State>> listeners = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook =
            Thread.ofPlatform().name("cairn-db-shutdown").unstarted(this::close);
    private volatile State state = State.NOT_STARTED;
    private volatile boolean closed;

    private Database(Backend backend) {
        this.backend = backend;
    }

    /** The bundled PostgreSQL with its cluster in {@code dirs.pgData()}. */
    public static Database bundled(AppDirs dirs) {
        return new Database(new BundledBackend(Objects.requireNonNull(dirs, "dirs")));
    }

    /** An external PostgreSQL 13+ with pgvector; user and password may be null when the URL carries them. */
    public static Database external(String jdbcUrl, String user, String password) {
        return new Database(new ExternalBackend(Objects.requireNonNull(jdbcUrl, "jdbcUrl"), user, password));
    }

    /**
     * External when a URL is given (credentials from {@value #USER_ENV} and {@value #PASSWORD_ENV}),
     * the bundled server otherwise.
     */
    public static Database from(AppDirs dirs, String dbUrlOrNull) {
        if (dbUrlOrNull != null && !dbUrlOrNull.isBlank()) {
            return external(dbUrlOrNull.strip(), System.getenv(USER_ENV), System.getenv(PASSWORD_ENV));
        }
        return bundled(dirs);
    }

    /**
     * Whether {@code failure} (or a cause of it) is the database server going away: no connection
     * (SQLState class 08), or the server shutting down or crashing (57P01, 57P02, 57P03). Work
     * that failed this way did not reach the database, or was rolled back with the server, and
     * can be repeated: the next connection from {@link #dataSource()} starts or re-attaches to the
     * bundled server.
     */
    public static boolean isServerGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Connections to the app database; starts the server on the first call. */
    public DataSource dataSource() {
        return running().dataSource();
    }

    public boolean isStarted() {
        return state == State.READY;
    }

    public State state() {
        return state;
    }

    /** Called on the thread that changes the state; keep it short (the UI hops to its own thread). */
    public void addStateListener(Consumer<State> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeStateListener(Consumer<State> listener) {
        listeners.remove(listener);
    }

    /** How long the start took (initdb included on the first one); starts the server if needed. */
    public Duration startTime() {
        return running().startTime();
    }

    /** e.g. {@code 17.11}; starts the server if needed. */
    public String postgresVersion() {
        return running().postgresVersion();
    }

    /** e.g. {@code 0.8.0}; starts the server if needed. */
    public String pgvectorVersion() {
        return running().pgvectorVersion();
    }

    /** The PostgreSQL cluster directory, or null for an external server. */
    public Path dataDir() {
        return backend.dataDir();
    }

    /** Leaves the server, stopping it when no other process uses it. Idempotent; the Database cannot be used afterwards. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        CompletableFuture<Backend.Running> current = start.get();
        if (current != null) {
            current.exceptionally(e -> null).join(); // a start in progress finishes before we stop it
        }
        backend.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException alreadyShuttingDownOrNeverAdded) {
            // nothing to remove
        }
        setState(State.CLOSED);
    }

    private Backend.Running running() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("This Database is closed");
            }
            CompletableFuture<Backend.Running> current = start.get();
            if (current == null || current.isCompletedExceptionally()) {
                CompletableFuture<Backend.Running> mine = new CompletableFuture<>();
                if (!start.compareAndSet(current, mine)) {
                    continue; // lost the race: join the winner's start
                }
                startInto(mine);
                current = mine;
            }
            try {
                return current.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
    }

    private void startInto(CompletableFuture<Backend.Running> future) {
        setState(State.STARTING);
        try {
            // The server's processes inherit the priority of the thread that starts them: background, so
            // that a busy library never competes with the window on equal terms (see BackgroundPriority).
            Backend.Running running = BackgroundPriority.call("cairn-db-start", backend::start);
            try {
                // Whichever process leaves last stops the server, so every one of them leaves on exit.
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                LOG.debug("JVM already shutting down; close() leaves the server");
            }
            LOG.info(
                    "PostgreSQL {} with pgvector {} ready in {} ms{}",
                    running.postgresVersion(),
                    running.pgvectorVersion(),
                    running.startTime().toMillis(),
                    running.ownsServer() ? "" : " (server started by another process)");
            setState(State.READY);
            future.complete(running);
        } catch (RuntimeException | Error e) {
            setState(State.FAILED);
            future.completeExceptionally(e);
        }
    }

    private void setState(State next) {
        state = next;
        for (Consumer<State> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("A database state listener failed", e);
            }
        }
    }
}
