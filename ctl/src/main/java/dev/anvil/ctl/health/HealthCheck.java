package dev.anvil.ctl.health;

import dev.anvil.ctl.api.ApiSession;

import java.util.List;

/**
 * One condition of a healthy cluster, as talosctl's checks: a description ("apid to be ready") and what is wrong
 * now, if anything. {@link #problems} is called again until it returns none or the time is up; each problem names
 * the node it is about.
 */
public interface HealthCheck {
    String description();

    /** What is wrong now, one line each, each naming its node; empty when the condition holds. */
    List<String> problems(ApiSession api, ClusterNodes nodes) throws Exception;

    /**
     * Thrown by {@link #problems} when the condition cannot hold on these nodes and is not expected to (a kubelet
     * whose binary the node lacks): the run reports it as skipped, with why, and goes on.
     */
    final class NotApplicable extends Exception {
        public NotApplicable(String why) {
            super(why);
        }
    }
}
