package dev.cairn.platform;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ingestion from running the JVM out of heap. It watches heap occupancy <em>after</em>
 * garbage collection (from the collectors' notifications; the raw "used" figure counts garbage and
 * would throttle for nothing). Above {@code engageAbove} of the maximum heap (default 80%) it stops
 * handing out permits until a collection leaves less than {@code releaseBelow} (default 70%); the
 * gap keeps it from flapping. Ingestion calls {@link #awaitPermit()} before taking new work.
 *
 * <p>While throttled, the governor asks for a collection now and then ({@code System.gc()}), as an
 * idle ingest allocates nothing and would otherwise never see memory come back.
 *
 * <p>Thread-safe. Listeners run on the JVM's notification thread: keep them short.
 */
public final class MemoryGovernor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryGovernor.class);

    public static final double DEFAULT_ENGAGE_ABOVE = 0.80;
    public static final double DEFAULT_RELEASE_BELOW = 0.70;
    private static final Duration RECHECK = Duration.ofSeconds(2);

    /** What a memory gauge shows; polled by the UI about twice a second. */
    public record Snapshot(long heapUsed, long heapMax, double occupancyAfterGc, long rss, boolean throttled) {}

    /** A throttle period starting or ending, with the occupancy after GC that caused it. */
    public record ThrottleEvent(Kind kind, double occupancy, Instant at) {
        public enum Kind {
            START,
            END
        }
    }

    private final double engageAbove;
    private final double releaseBelow;
    private final Clock clock;
    private final ScheduledExecutorService nudger;
    private final boolean ownsNudger;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final List<Consumer<ThrottleEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    // guarded by lock
    private boolean throttled;
    private boolean closed;
    private double occupancy;
    private long throttleEvents;
    private long readings;
    private ScheduledFuture<?> recheck;

    MemoryGovernor(
            double engageAbove, double releaseBelow, Clock clock, ScheduledExecutorService nudger, boolean ownsNudger) {
        if (!(releaseBelow > 0 && releaseBelow < engageAbove && engageAbove < 1)) {
            throw new IllegalArgumentException(
                    "Memory thresholds need 0 < release < engage < 1, e.g. engage 0.8 and release 0.7; got engage "
                            + engageAbove + " and release " + releaseBelow);
        }
        this.engageAbove = engageAbove;
        this.releaseBelow = releaseBelow;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nudger = nudger;
        this.ownsNudger = ownsNudger;
    }

    /** A governor with the default thresholds (80% / 70%), listening to this JVM's collectors. */
    public static MemoryGovernor start() {
        return start(DEFAULT_ENGAGE_ABOVE, DEFAULT_RELEASE_BELOW);
    }

    /** A governor listening to this JVM's collectors; thresholds are shares of the maximum heap. */
    public static MemoryGovernor start(double engageAbove, double releaseBelow) {
        ScheduledExecutorService nudger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-memory-governor");
            t.setDaemon(true);
            return t;
        });
        MemoryGovernor governor = new MemoryGovernor(engageAbove, releaseBelow, Clock.systemUTC(), nudger, true);
        governor.listenToCollectors();
        return governor;
    }

    /**
     * Blocks while memory is short; returns at once otherwise. Wakes when a collection brings
     * occupancy below the release threshold, or when the governor is closed.
     */
    public void awaitPermit() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (throttled && !closed) {
                released.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #awaitPermit()} with a limit; false if still throttled when it ran out. */
    public boolean awaitPermit(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (throttled && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = released.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean isThrottled() {
        lock.lock();
        try {
            return throttled;
        } finally {
            lock.unlock();
        }
    }

    /** How many throttle periods have started. */
    public long throttleEvents() {
        lock.lock();
        try {
            return throttleEvents;
        } finally {
            lock.unlock();
        }
    }

    /** Receives each throttle start and end; returns what removes it again. */
    public Runnable addListener(Consumer<ThrottleEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /**
     * Heap used now (garbage included), the maximum heap, occupancy after the last collection, and
     * the process's resident memory: on Linux from /proc/self/status (ONNX Runtime's native memory
     * included); elsewhere the JVM's committed heap and non-heap memory, -1 if even that is unknown.
     */
    public Snapshot snapshot() {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        double after;
        boolean t;
        lock.lock();
        try {
            after = occupancy;
            t = throttled;
        } finally {
            lock.unlock();
        }
        return new Snapshot(heap.getUsed(), maxHeap(heap), after, residentBytes(), t);
    }

    /** Feeds one reading of occupancy after GC, as a share of the maximum heap. Tests call it directly. */
    void onOccupancy(double reading) {
        ThrottleEvent event = null;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            occupancy = reading;
            readings++;
            if (!throttled && reading > engageAbove) {
                throttled = true;
                throttleEvents++;
                event = new ThrottleEvent(ThrottleEvent.Kind.START, reading, clock.instant());
                scheduleRecheck();
            } else if (throttled && reading < releaseBelow) {
                throttled = false;
                released.signalAll();
                event = new ThrottleEvent(ThrottleEvent.Kind.END, reading, clock.instant());
                cancelRecheck();
            }
        } finally {
            lock.unlock();
        }
        if (event != null) {
            LOG.info(
                    "memory throttle {} at {}% of the heap after GC",
                    event.kind() == ThrottleEvent.Kind.START ? "on" : "off", Math.round(reading * 100));
            for (Consumer<ThrottleEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("memory throttle listener failed", e);
                }
            }
        }
    }

    /** While throttled with no collection in sight, asks for one so a released heap is noticed. */
    private void scheduleRecheck() {
        if (nudger == null) {
            return;
        }
        long seen = readings;
        recheck = nudger.schedule(
                () -> {
                    lock.lock();
                    try {
                        if (!throttled || closed) {
                            return;
                        }
                        if (readings == seen) {
                            LOG.debug("throttled and no GC for {}; requesting one", RECHECK);
                            System.gc(); // our listener hears the result
                        }
                        scheduleRecheck();
                    } finally {
                        lock.unlock();
                    }
                },
                RECHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void cancelRecheck() {
        if (recheck != null) {
            recheck.cancel(false);
            recheck = null;
        }
    }

    private void listenToCollectors() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
        NotificationListener listener = (Notification n, Object handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (!reportsLiveSet(info.getGcName())) {
                return;
            }
            long used = 0;
            double oldShare = 0;
            for (Map.Entry<String, MemoryUsage> e :
                    info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    MemoryUsage u = e.getValue();
                    used += u.getUsed();
                    if (isOldPool(e.getKey()) && u.getMax() > 0) {
                        oldShare = (double) u.getUsed() / u.getMax();
                    }
                }
            }
            long max = maxHeap(memory.getHeapMemoryUsage());
            if (max > 0) {
                // the old generation may be capped below the heap (Parallel GC): full means full there too
                onOccupancy(Math.max((double) used / max, oldShare));
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException e) {
                        // already gone
                    }
                });
            }
        }
    }

    /**
     * Whether a collector's "after" figures show the live set. Pauses of concurrent collectors (ZGC,
     * Shenandoah) report usage mid-cycle, garbage included, and ZGC's minor cycles leave the old
     * generation's garbage untouched; their cycles and major cycles, and every G1, Serial and
     * Parallel collection, count.
     */
    static boolean reportsLiveSet(String gcName) {
        return !gcName.endsWith("Pauses") && !gcName.contains("Minor");
    }

    private static boolean isOldPool(String pool) {
        return pool.contains("Old Gen") || pool.contains("Tenured");
    }

    private static long maxHeap(MemoryUsage heap) {
        return heap.getMax() > 0 ? heap.getMax() : Runtime.getRuntime().maxMemory();
    }

    private long residentBytes() {
        long residentKb = ProcFiles.selfStatusKb("VmRSS");
        if (residentKb > 0) {
            return residentKb * 1024;
        }
        long heap = memory.getHeapMemoryUsage().getCommitted();
        long nonHeap = memory.getNonHeapMemoryUsage().getCommitted();
        return heap >= 0 && nonHeap >= 0 ? heap + nonHeap : -1;
    }

    /** Stops listening and lets every waiter through. */
    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        unsubscribe.clear();
        lock.lock();
        try {
            closed = true;
            throttled = false;
            cancelRecheck();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        if (ownsNudger) {
            nudger.shutdownNow();
        }
    }
}
