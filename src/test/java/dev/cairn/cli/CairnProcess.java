package dev.cairn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real {@code cairn} process: {@code dev.cairn.Main} in a child JVM with this JVM's class path. */
public final class CairnProcess {

    private CairnProcess() {}

    /** A process builder for {@code cairn args...}, using the bundled PostgreSQL this test run uses. */
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
