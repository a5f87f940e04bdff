package dev.cairn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Cairn processes a test starts, killed after each test however it ended, so that none outlives
 * its test or holds on to the test's data directory. Register it with {@code @RegisterExtension}.
 */
public final class ChildProcesses implements AfterEachCallback {

    private final List<Process> started = new ArrayList<>();

    /** Starts the process and keeps it to be killed after the test. */
    public Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Kills {@code child} after the test; returns it. */
    public Process add(Process child) {
        started.add(child);
        return child;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Process child : started) {
            child.destroyForcibly();
            child.onExit().get(1, TimeUnit.MINUTES);
        }
        started.clear();
    }
}
