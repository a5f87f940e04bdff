package dev.cairn.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM with a small heap (see {@link MemoryGovernorTest}) and prints one result line.
 * {@code garbage}: allocates a lot of short-lived memory around a small live set.
 * {@code grow}: grows a live set to 80% of the heap (the JVM's own objects come on top), then drops it.
 */
public final class GovernorProbe {

    static volatile Object sink;

    private GovernorProbe() {}

    public static void main(String[] args) throws InterruptedException {
        try (MemoryGovernor governor = MemoryGovernor.start()) {
            switch (args[0]) {
                case "garbage" -> garbage(governor);
                case "grow" -> grow(governor);
                default -> throw new IllegalArgumentException(args[0]);
            }
        }
    }

    private static void garbage(MemoryGovernor governor) {
        List<byte[]> live = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            live.add(new byte[64 * 1024]); // 4 MB that stays
        }
        long allocated = 0;
        while (allocated < 4L * 1024 * 1024 * 1024) { // 4 GB of garbage through a 64 MB heap
            sink = new byte[16 * 1024 + (int) (allocated % 4096)];
            allocated += 16 * 1024;
        }
        System.gc();
        System.out.println("RESULT garbage events=" + governor.throttleEvents() + " live=" + live.size());
    }

    private static void grow(MemoryGovernor governor) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        governor.addListener(e -> (e.kind() == MemoryGovernor.ThrottleEvent.Kind.START ? started : ended).countDown());
        long max = Runtime.getRuntime().maxMemory();
        List<byte[]> live = new ArrayList<>();
        // grow the live set to 80% of the heap (the JVM's own objects come on top), allocating garbage as well so
        // collections happen
        while (started.getCount() > 0 && (long) live.size() * 64 * 1024 < max * 0.80) {
            live.add(new byte[64 * 1024]);
            for (int i = 0; i < 8; i++) {
                sink = new byte[8 * 1024];
            }
        }
        boolean throttled = started.await(30, TimeUnit.SECONDS);
        double occupancy = governor.snapshot().occupancyAfterGc();
        live.clear();
        System.gc();
        boolean released = ended.await(30, TimeUnit.SECONDS);
        System.out.println(
                "RESULT grow throttled=" + throttled + " released=" + released + " events=" + governor.throttleEvents()
                        + " occupancy=" + occupancy); // unrounded: 0.8004 is above the 80% mark, "80" would not be
    }
}
