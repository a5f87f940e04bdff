package dev.cairn.ui;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the FX thread is while a pulse is overdue: every few milliseconds, when no pulse has come for
 * longer than the target gap, one sample of the FX thread's stack, counted by its top frames. A
 * thread found in the toolkit's event loop was waiting (for a core, or the renderer); one found in
 * Cairn's code or in layout was working.
 */
final class FxStalls {

    private static final int FRAMES = 4;

    private final long overdueNanos;
    private final Map<String, Integer> samples = new HashMap<>();
    private volatile Thread fxThread;
    private volatile long lastPulse;
    private volatile boolean running;
    private int total;

    FxStalls(long overdueMillis) {
        this.overdueNanos = overdueMillis * 1_000_000;
    }

    /** On the FX thread, at each pulse. */
    void pulse() {
        fxThread = Thread.currentThread();
        lastPulse = System.nanoTime();
    }

    /** Samples on a thread of its own until {@link #stop()}. */
    void start() {
        running = true;
        Thread.ofPlatform().name("cairn-fx-stall-sampler").daemon().start(() -> {
            while (running) {
                Thread fx = fxThread;
                if (fx != null && System.nanoTime() - lastPulse > overdueNanos) {
                    record(fx.getStackTrace());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void stop() {
        running = false;
    }

    private synchronized void record(StackTraceElement[] stack) {
        // Past the JDK's locks and parking, to the frame that waits: which lock, in whose code.
        String top = Arrays.stream(stack)
                .dropWhile(f -> f.getClassName().startsWith("java.util.concurrent.")
                        || f.getClassName().startsWith("jdk.internal.misc."))
                .limit(FRAMES)
                .map(f -> f.getClassName().replaceAll("^.*\\.", "") + "." + f.getMethodName())
                .collect(Collectors.joining(" < "));
        samples.merge(top.isEmpty() ? "(no stack)" : top, 1, Integer::sum);
        total++;
    }

    /** The most frequent top frames while a pulse was overdue, with their share of the samples. */
    synchronized Map<String, Object> figures(int most) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", total);
        m.put("every_ms", 10);
        Map<String, Integer> top = new LinkedHashMap<>();
        samples.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(most)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        m.put("top_frames", top);
        return m;
    }
}
