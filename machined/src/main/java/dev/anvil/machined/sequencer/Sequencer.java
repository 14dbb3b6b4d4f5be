package dev.anvil.machined.sequencer;

import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.events.MachineEvent.Action;
import dev.anvil.machined.events.MachineEvent.PhaseEvent;
import dev.anvil.machined.events.MachineEvent.SequenceEvent;
import dev.anvil.machined.events.MachineEvent.TaskEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs sequences: phases in order, the tasks of a phase in parallel, each start and stop an event. One sequence at
 * a time: a second one either takes over (the running one is interrupted and waited for) or is refused with
 * {@link SequenceLockedException}. A failed task fails its phase after the phase's other tasks end, and the
 * sequence stops there.
 */
public final class Sequencer {
    private final EventStream events;
    private Sequence running;
    private Thread runner;

    public Sequencer(EventStream events) {
        this.events = events;
    }

    /** Runs a sequence on the calling thread; throws the first task failure, or InterruptedException on take-over. */
    public void run(Sequence sequence, List<Phase> phases, String actorId) throws Exception {
        claim(sequence);
        events.publish(new SequenceEvent(sequence.toString(), Action.START, ""), actorId);
        String error = "";
        try {
            for (Phase phase : phases) {
                runPhase(phase, actorId);
            }
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            throw e;
        } finally {
            events.publish(new SequenceEvent(sequence.toString(), Action.STOP, error), actorId);
            release();
        }
    }

    /** The running sequence, or null. */
    public synchronized Sequence running() {
        return running;
    }

    private void claim(Sequence sequence) throws InterruptedException {
        Thread previous;
        synchronized (this) {
            if (running != null && !running.canBeTakenOverBy(sequence)) {
                throw new SequenceLockedException(sequence, running);
            }
            previous = runner;
            if (previous != null) {
                previous.interrupt();
            }
        }
        while (true) {
            synchronized (this) {
                if (running == null) {
                    running = sequence;
                    runner = Thread.currentThread();
                    return;
                }
                wait();
            }
        }
    }

    private synchronized void release() {
        running = null;
        runner = null;
        notifyAll();
    }

    private void runPhase(Phase phase, String actorId) throws Exception {
        events.publish(new PhaseEvent(phase.name(), Action.START), actorId);
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = new ArrayList<>();
            for (Task task : phase.tasks()) {
                started.add(tasks.submit(() -> {
                    runTask(task, actorId);
                    return null;
                }));
            }
            Exception failure = null;
            for (Future<?> f : started) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    started.forEach(r -> r.cancel(true));
                    throw e;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e);
                    }
                }
            }
            if (failure != null) {
                throw new PhaseFailedException(phase.name(), failure);
            }
        } finally {
            events.publish(new PhaseEvent(phase.name(), Action.STOP), actorId);
        }
    }

    private void runTask(Task task, String actorId) throws Exception {
        events.publish(new TaskEvent(task.name(), Action.START, ""), actorId);
        String error = "";
        try {
            task.body().run();
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            throw e;
        } finally {
            events.publish(new TaskEvent(task.name(), Action.STOP, error), actorId);
        }
    }

    /** A phase failed because one of its tasks did. */
    public static final class PhaseFailedException extends Exception {
        PhaseFailedException(String phase, Exception cause) {
            super("phase " + phase + " failed: " + cause.getMessage(), cause);
        }
    }
}
