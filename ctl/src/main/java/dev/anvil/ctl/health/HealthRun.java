package dev.anvil.ctl.health;

import dev.anvil.ctl.api.ApiSession;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Runs checks one after the other until each holds, as talosctl reports them: "waiting for X: ..." when it
 * starts, each new set of problems as it appears, "waiting for X: OK" when it holds. When the time is up, the last
 * problems of the check that did not hold are the report.
 */
public final class HealthRun {
    private static final Duration POLL = Duration.ofMillis(500);

    private final PrintWriter out;

    public HealthRun(PrintWriter out) {
        this.out = out;
    }

    /** The outcome: empty when every check held, else the check that did not and its problems. */
    public record Failure(String check, List<String> problems) {
        public String report() {
            return "healthcheck error: " + check + ":\n  " + String.join("\n  ", problems);
        }
    }

    public Failure run(ApiSession api, ClusterNodes nodes, List<HealthCheck> checks, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (HealthCheck check : checks) {
            out.println("waiting for " + check.description() + ": ...");
            out.flush();
            List<String> last = null;
            while (true) {
                List<String> problems;
                try {
                    problems = check.problems(api, nodes);
                } catch (HealthCheck.NotApplicable e) {
                    out.println("waiting for " + check.description() + ": SKIPPED: " + e.getMessage());
                    out.flush();
                    break;
                } catch (Exception e) {
                    problems = List.of(String.valueOf(e.getMessage()));
                }
                if (problems.isEmpty()) {
                    out.println("waiting for " + check.description() + ": OK");
                    out.flush();
                    break;
                }
                if (!problems.equals(last)) {
                    out.println("waiting for " + check.description() + ": " + String.join("; ", problems));
                    out.flush();
                    last = problems;
                }
                if (System.nanoTime() + POLL.toNanos() > deadline) {
                    return new Failure(check.description(), problems);
                }
                api.reconnect();
                Thread.sleep(POLL);
            }
        }
        return null;
    }
}
