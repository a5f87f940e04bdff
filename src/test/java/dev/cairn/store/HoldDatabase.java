package dev.cairn.store;

import dev.cairn.platform.AppDirs;
import java.nio.file.Path;

/** A child process for tests: starts the bundled database in a data directory, says so, and waits to be killed. */
public final class HoldDatabase {

    private HoldDatabase() {}

    public static void main(String[] args) throws Exception {
        Database db = Database.bundled(new AppDirs(Path.of(args[0])));
        db.dataSource();
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // until the test kills us
        db.close();
    }
}
