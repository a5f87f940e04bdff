package dev.cairn.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Cairn processes a test starts, killed after each test however it ended, so that none
 * outlives its test or holds on to the test's data directory. Register it with
 * {@code @RegisterExtension}.
 */
public final class ChildProcesses implements AfterEachCallback {

    private final List<Process> started = new ArrayList<>();

    /** Kills {@code child} after the test; returns it. */
    public Process add(Process child) {
        started.add(child);
        return child;
    }

    /** The {@code i}-th process added. */
    public Process get(int i) {
        return started.get(i);
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
