package dev.cairn.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Database#dataSource()} hands out for the bundled server: connections to wherever
 * the server runs now. A connection that cannot be opened because the server is gone heals the
 * backend (restart or re-attach) and is tried once more, so long-lived holders of this
 * DataSource (stores, pipelines) carry on after a crash of the server.
 */
final class HealingDataSource implements DataSource {

    /** Logged as the backend's, as before this class was split from it. */
    private static final Logger LOG = LoggerFactory.getLogger(BundledBackend.class);

    private final BundledBackend backend;

    HealingDataSource(BundledBackend backend) {
        this.backend = backend;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return backend.current().getConnection();
        } catch (SQLException e) {
            if (!Database.isServerGone(e)) {
                throw e;
            }
            LOG.warn("The bundled PostgreSQL does not answer ({}); starting or re-attaching to it", e.getMessage());
            backend.heal();
            return backend.current().getConnection();
        }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return backend.current().getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return backend.current().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        backend.current().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        backend.current().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return backend.current().getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return backend.current().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || backend.current().isWrapperFor(type);
    }
}
