package dev.anvil.machined.services;

import dev.anvil.sys.ProcessSpec;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Run as its own process by {@link SupervisorTest}, with the virtual-thread scheduler given 2 carriers: supervises
 * {@link #SERVICES} services that print a line a second and never close their output, then prints how many of them
 * got output into their log and whether a new virtual thread still runs within 1 s. Exits with 0 when all did and
 * it ran. On failure it exits without stopping the services; they die of SIGPIPE at their next line.
 */
public final class ChattyServicesProbe {
    static final int SERVICES = 4;

    public static void main(String[] args) throws Exception {
        Supervisor supervisor = new Supervisor(Optional.empty(), "unused");
        List<String> ids = IntStream.range(0, SERVICES).mapToObj(i -> "chatty" + i).toList();
        for (String id : ids) {
            supervisor.register(ServiceSpec.of(id,
                    ProcessSpec.of("/bin/sh", "-c", "while true; do echo x; sleep 1; done")));
            supervisor.start(id);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long logged;
        while ((logged = ids.stream().filter(id -> !supervisor.logs(id).tail(1).isEmpty()).count()) < SERVICES
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        Thread.sleep(100);  // every pump is back in a read that waits for the next line
        boolean ran = virtualThreadRunsWithinASecond();
        System.out.println("logged " + logged + " of " + SERVICES + "; a virtual thread " + (ran ? "ran" : "starved"));
        System.out.flush();
        if (ran && logged == SERVICES) {
            supervisor.close();
            System.exit(0);
        }
        System.exit(1);
    }

    private static boolean virtualThreadRunsWithinASecond() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> done.complete(null));
        try {
            done.get(1, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
