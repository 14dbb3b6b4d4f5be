package dev.anvil.machined.services;

import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * How one run of a service starts: by default its process is spawned as a child of machined; a container service
 * has containerd start it as a task instead. Either way the supervisor sees a {@link Launched}: a pid, an exit to
 * wait for, a way to signal it, and output to pump into the service's log (or none, where the launcher pumps it).
 */
@FunctionalInterface
public interface Launcher {
    Launched launch(ProcessSpec process, LogRing log) throws Exception;

    /** What the supervisor holds of a started run. */
    interface Launched {
        long pid();

        CompletableFuture<ExitStatus> exit();

        /** Signals every process of the run. */
        void signal(int signal);

        /** Output the supervisor pumps into the log, or null when the launcher does. */
        InputStream output();

        /** Whether the run's processes can go in the service's control group (a spawned child's can). */
        boolean joinsGroup();
    }

    /** Spawns the process as machined's child, in its own process group. */
    Launcher SPAWN = (process, log) -> new Spawned(Spawner.spawn(process));

    record Spawned(Child child) implements Launched {
        public long pid() {
            return child.pid();
        }

        public CompletableFuture<ExitStatus> exit() {
            return child.exit();
        }

        public void signal(int signal) {
            child.signalGroup(signal);
        }

        public InputStream output() {
            return child.output();
        }

        public boolean joinsGroup() {
            return true;
        }
    }
}
