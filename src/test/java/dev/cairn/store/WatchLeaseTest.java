package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The watch lease in the real bundled PostgreSQL: looks at the list on one held session, one holder at a time. */
@ResourceLock(TestDatabase.LOCK)
class WatchLeaseTest {

    @TempDir
    Path dir;

    private WatchedFolders list;

    @BeforeEach
    void noFolderWatched() throws SQLException {
        try (Connection c = TestDatabase.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE watched_folders");
        }
        list = new WatchedFolders(TestDatabase.dataSource());
    }

    @Test
    void looksEverySoOftenOpenOneSessionNotOneALook() {
        Opened opened = new Opened(TestDatabase.dataSource());
        try (WatchLease lease = new WatchLease(opened)) {
            for (int i = 0; i < 5; i++) {
                assertThat(lease.look(list).folders()).isEmpty();
            }
            list.add(dir);
            for (int i = 0; i < 5; i++) {
                WatchLease.Look look = lease.look(list);
                assertThat(look.folders())
                        .singleElement()
                        .satisfies(f -> assertThat(f.path())
                                .isEqualTo(dir.toAbsolutePath().normalize()));
                assertThat(look.held()).isTrue();
            }
        }
        assertThat(opened.count.get()).isEqualTo(1);
    }

    @Test
    void anEmptyListLetsAnotherProcessTakeTheWatch() {
        list.add(dir);
        try (WatchLease first = new WatchLease(TestDatabase.dataSource());
                WatchLease second = new WatchLease(TestDatabase.dataSource())) {
            assertThat(first.look(list).held()).isTrue();
            assertThat(second.look(list).held()).isFalse();
            list.remove(dir);
            assertThat(first.look(list).held()).isFalse();
            list.add(dir);
            assertThat(second.look(list).held()).isTrue();
            assertThat(first.look(list).held()).isFalse();
        }
    }

    /** The real data source, counting the sessions it opens. */
    private static final class Opened implements DataSource {
        private final DataSource real;
        final AtomicInteger count = new AtomicInteger();

        Opened(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            count.incrementAndGet();
            return real.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            count.incrementAndGet();
            return real.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return real.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return real.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return real.isWrapperFor(type);
        }
    }
}
