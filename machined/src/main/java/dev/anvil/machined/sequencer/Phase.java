package dev.anvil.machined.sequencer;

import java.util.List;

/** A named group of tasks that run in parallel; the next phase starts when all of them have succeeded. */
public record Phase(String name, List<Task> tasks) {
    public Phase {
        tasks = List.copyOf(tasks);
    }

    public static Phase of(String name, Task... tasks) {
        return new Phase(name, List.of(tasks));
    }
}
