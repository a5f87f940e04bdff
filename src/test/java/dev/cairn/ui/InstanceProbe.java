package dev.cairn.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A second launch in a child JVM (file locks are per process, so the first instance lives in the test's
 * JVM and this one must not). Does what the desktop launcher does with a claim, without any window:
 * {@code InstanceProbe DATA_DIR ANSWER_TIMEOUT_MS [PATH...]}.
 */
public final class InstanceProbe {

    private InstanceProbe() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Duration timeout = Duration.ofMillis(Long.parseLong(args[1]));
        var paths = Arrays.stream(args, 2, args.length).map(Path::of).toList();
        SingleInstance.Request request = paths.isEmpty() ? new SingleInstance.Focus() : new SingleInstance.Open(paths);
        switch (SingleInstance.claim(dataDir, request, timeout)) {
            case SingleInstance.Owner owner -> {
                owner.instance().close();
                System.out.println("became the instance");
                System.exit(0);
            }
            case SingleInstance.HandedOver handedOver -> {
                System.out.println(handedOver.message());
                System.exit(0);
            }
            case SingleInstance.Unreachable unreachable -> {
                System.err.println("cairn: " + unreachable.message());
                System.exit(1);
            }
        }
    }
}
