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
}
