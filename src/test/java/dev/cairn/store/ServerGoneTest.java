package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the server went away, try again" for callers such as the ingest pipeline. */
class ServerGoneTest {

    @Test
    void aRefusedConnectionOrAShutdownIsTheServerGoingAwayWhereverItIsWrapped() {
        assertThat(Database.isServerGone(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))
                .isTrue();
        assertThat(Database.isServerGone(new StoreException(
                        "store chunks",
                        new SQLException("terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(Database.isServerGone(new SQLException("the database system is shutting down", "57P03")))
                .isTrue();
    }

    @Test
    void aBadStatementIsNot() {
        assertThat(Database.isServerGone(new StoreException(
                        "store chunks", new SQLException("duplicate key value violates unique constraint", "23505"))))
                .isFalse();
        assertThat(Database.isServerGone(new IllegalStateException("no SQL at all")))
                .isFalse();
    }
}
