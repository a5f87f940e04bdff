package dev.cairn.platform;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background priority for the threads that ingest: the window, the person's other programs and a
 * search they start now come first, and indexing takes the CPU that is left (what desktop indexers
 * do). On a 2-core machine an ingest keeps both cores busy; at equal priority the FX thread waits its
 * turn behind the model, and pulses come late.
 *
 * <p>On Linux a thread is a task with its own nice value, so the calling thread is set to nice
 * {@value #NICE} with {@code setpriority(PRIO_PROCESS, gettid(), …)}; threads it creates, the
 * model's native worker threads included, inherit it. An unprivileged process cannot take a nice
 * value back, so only threads that do background work for their whole life are lowered. Elsewhere
 * the thread gets Java's lowest priority, which Windows honours. Virtual threads are left alone:
 * lowering one would lower the carrier thread under it and every virtual thread it runs later.
 */
public final class BackgroundPriority {

    /** The nice value of background threads (as with the {@code nice} command's default). */
    public static final int NICE = 10;

    /**
     * Below background: work that should only take what the background leaves, the embedding model
     * while an import stores text (text first, docs/decisions/0013-progressive-indexing.md).
     */
    public static final int LOWEST_NICE = 19;

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final Optional<Native> LINUX = Native.find();

    private BackgroundPriority() {}

    /**
     * Lowers the calling platform thread to background priority for the rest of its life. Returns
     * whether the operating system's priority changed (false on a virtual thread, outside Linux, or
     * where the call is refused, which is logged once and otherwise harmless).
     */
    public static boolean lowerCurrentThread() {
        return lowerCurrentThread(NICE);
    }

    private static boolean lowerCurrentThread(int nice) {
        Thread current = Thread.currentThread();
        if (current.isVirtual()) {
            return false;
        }
        current.setPriority(Thread.MIN_PRIORITY);
        return LINUX.map(n -> n.lowerCurrent(nice)).orElse(false);
    }

    /** The nice value of the calling thread on Linux; empty elsewhere. */
    public static Optional<Integer> currentNice() {
        return LINUX.map(Native::currentNice);
    }

    /** Threads from {@code base} that lower themselves before they run anything. */
    public static ThreadFactory lowered(ThreadFactory base) {
        return lowered(base, NICE);
    }

    /** Threads from {@code base} at {@link #LOWEST_NICE}: they run when nothing else, the background included, wants the CPU. */
    public static ThreadFactory lowest(ThreadFactory base) {
        return lowered(base, LOWEST_NICE);
    }

    private static ThreadFactory lowered(ThreadFactory base, int nice) {
        return work -> base.newThread(() -> {
            lowerCurrentThread(nice);
            work.run();
        });
    }

    /**
     * Runs {@code work} on a new platform thread at background priority and returns its result:
     * for work that starts threads or processes of its own, which inherit that priority (ONNX
     * Runtime's workers, the database server). Waits for it even if the caller is interrupted, so
     * whatever it started is in a known state when this returns; the interrupt is kept.
     */
    public static <T> T call(String threadName, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        lowered(Thread.ofPlatform().name(threadName).daemon().factory())
                .newThread(task)
                .start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException re -> throw re;
                        case Error error -> throw error;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code setpriority}, {@code getpriority}, {@code gettid} and {@code sched_setscheduler} from the C library. */
    private record Native(
            MethodHandle setpriority, MethodHandle getpriority, MethodHandle gettid, MethodHandle setscheduler) {

        /** Linux's policy for work that runs only when the CPU has nothing else to do. */
        private static final int SCHED_IDLE = 5;

        static Optional<Native> find() {
            if (!System.getProperty("os.name", "")
                    .toLowerCase(java.util.Locale.ROOT)
                    .startsWith("linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                MethodHandle set = linker.downcallHandle(
                        libc.find("setpriority").orElseThrow(),
                        FunctionDescriptor.of(
                                ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT));
                MethodHandle get = linker.downcallHandle(
                        libc.find("getpriority").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                // gettid() is in glibc from 2.30; on an older C library ingestion runs at normal priority.
                MethodHandle tid = linker.downcallHandle(
                        libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                MethodHandle scheduler = linker.downcallHandle(
                        libc.find("sched_setscheduler").orElseThrow(),
                        FunctionDescriptor.of(
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                return Optional.of(new Native(set, get, tid, scheduler));
            } catch (RuntimeException e) {
                // No native access granted (--enable-native-access), or no such symbols: ingest runs at normal
                // priority.
                LOG.info("Background priority for ingestion is not available: {}", e.toString());
                return Optional.empty();
            }
        }

        boolean lowerCurrent(int nice) {
            try {
                int tid = (int) gettid.invokeExact();
                int rc = (int) setpriority.invokeExact(PRIO_PROCESS, tid, nice);
                if (rc != 0) {
                    LOG.debug("setpriority({}, {}) was refused; this thread keeps its priority", tid, nice);
                }
                if (rc == 0 && nice == LOWEST_NICE) {
                    // Below nice 19 still takes a tenth of a core from nice-10 work; SCHED_IDLE takes what is left.
                    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                        java.lang.foreign.MemorySegment param = arena.allocate(ValueLayout.JAVA_INT);
                        param.set(ValueLayout.JAVA_INT, 0, 0);
                        int idle = (int) setscheduler.invokeExact(tid, SCHED_IDLE, param);
                        if (idle != 0) {
                            LOG.debug("sched_setscheduler(SCHED_IDLE) was refused for thread {}", tid);
                        }
                    }
                }
                return rc == 0;
            } catch (Throwable e) {
                LOG.debug("setpriority failed; this thread keeps its priority", e);
                return false;
            }
        }

        int currentNice() {
            try {
                int tid = (int) gettid.invokeExact();
                return (int) getpriority.invokeExact(PRIO_PROCESS, tid);
            } catch (Throwable e) {
                throw new IllegalStateException("getpriority failed", e);
            }
        }
    }
}
