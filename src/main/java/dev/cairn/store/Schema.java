package dev.cairn.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database to Cairn's current schema with the Flyway migrations under {@code db/migration}. */
public final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The vector column's dimension on a fresh database: that of both bundled models. */
    public static final int INITIAL_DIMENSION = 384;

    private Schema() {}

    /**
     * Applies the migrations not yet applied; safe to call at every start.
     *
     * @return how many migrations ran (0 when the schema was current)
     */
    public static int migrate(DataSource dataSource) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info(
                        "Database schema migrated to version {} ({} migration(s) applied)",
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new StoreException(
                    "Could not bring the database schema up to date: " + e.getMessage()
                            + ". On an external server, make sure the pgvector extension is installed and that the user"
                            + " may create tables (and the extension, unless it already exists).",
                    e);
        }
    }
}
