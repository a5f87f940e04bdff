package dev.cairn.store;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/** Where the database runs: the bundled server or one the user points at. */
sealed interface Backend permits BundledBackend, ExternalBackend {

    /** Starts or reaches the server; called once per successful start. */
    Running start();

    /** Leaves what {@link #start()} reached, stopping a server nobody else uses; safe to call when nothing was started. */
    void stop();

    /** The cluster directory, or null when the server is not Cairn's. */
    Path dataDir();

    /** What a started backend hands out; {@code ownsServer}: this process started the server. */
    record Running(
            DataSource dataSource,
            Duration startTime,
            String postgresVersion,
            String pgvectorVersion,
            boolean ownsServer) {}
}
