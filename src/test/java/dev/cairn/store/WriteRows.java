package dev.cairn.store;

import dev.cairn.platform.AppDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * A child process for tests: a Cairn that works for a while. It opens the bundled database of a
 * data directory, says "ready", then writes rows 1..N into {@code work}, one transaction each,
 * through the DataSource a store would keep, and says how many it wrote.
 */
public final class WriteRows {

    private WriteRows() {}

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[1]);
        long pauseMillis = Long.parseLong(args[2]);
        try (Database db = Database.bundled(new AppDirs(Path.of(args[0])))) {
            try (Connection c = db.dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS work (n int PRIMARY KEY, pid bigint NOT NULL)");
            }
            System.out.println("ready");
            System.out.flush();
            int written = 0;
            for (int n = 1; n <= rows; n++) {
                try (Connection c = db.dataSource().getConnection();
                        PreparedStatement insert = c.prepareStatement("INSERT INTO work VALUES (?, ?)")) {
                    insert.setInt(1, n);
                    insert.setLong(2, ProcessHandle.current().pid());
                    written += insert.executeUpdate();
                }
                Thread.sleep(pauseMillis);
            }
            System.out.println("wrote " + written);
        }
    }
}
