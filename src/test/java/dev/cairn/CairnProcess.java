package dev.cairn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real Cairn in a child JVM, for tests that run the command line as people do. */
public final class CairnProcess {

    private CairnProcess() {}

    /** Runs {@link Main} with {@code args} on this test run's class path and PostgreSQL bundle. */
    public static ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path")));
        String bundle = System.getProperty("cairn.pg.bundle");
        if (bundle != null) {
            cmd.add("-Dcairn.pg.bundle=" + bundle);
        }
        cmd.add("dev.cairn.Main");
        cmd.addAll(args);
        return new ProcessBuilder(cmd);
    }
}
