package dev.anvil.cosi.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Every thread a runtime starts, so that stopping can interrupt and join them all: after {@link #stop} returns
 * normally no thread of the runtime is alive. Threads that exit on their own stay listed until then, which is cheap.
 */
final class RuntimeThreads {
    private final ThreadFactory factory;
    private final String prefix;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    RuntimeThreads(ThreadFactory factory, String prefix) {
        this.factory = factory;
        this.prefix = prefix;
    }

    /** Starts a task; refused once stopping began, so no thread escapes the join. */
    synchronized void start(String name, Runnable task) {
        if (stopped) {
            throw new IllegalStateException("the controller runtime is stopped");
        }
        Thread thread = factory.newThread(task);
        thread.setName(prefix + name);
        threads.add(thread);
        thread.start();
    }

    /**
     * True once stopping began. Loops check it after running controller code, because that code may have swallowed
     * the interrupt meant to stop them.
     */
    boolean stopping() {
        return stopped;
    }

    /** Interrupts every thread and waits for each; an error if one is still alive after the timeout. */
    void stop(Duration timeout) throws InterruptedException {
        List<Thread> all;
        synchronized (this) {
            stopped = true;
            all = List.copyOf(threads);
        }
        Thread self = Thread.currentThread();
        for (Thread thread : all) {
            if (thread != self) {
                thread.interrupt();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : all) {
            if (thread != self
                    && !thread.join(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1)))) {
                throw new IllegalStateException("runtime thread " + thread.getName() + " did not stop within "
                        + timeout);
            }
        }
    }
}
