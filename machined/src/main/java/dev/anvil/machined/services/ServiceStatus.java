package dev.anvil.machined.services;

import java.time.Instant;

/**
 * What is known of a service at one moment. {@code healthy} is null while unknown (not checked yet, or no check).
 * Every change of state or health is handed to the supervisor's listeners.
 */
public record ServiceStatus(String id, ServiceState state, Boolean healthy, String message, long pid, int restarts,
        Instant since) {

    /** Up, for its dependents: running, and healthy if it has a health check. */
    public boolean up(boolean hasHealthCheck) {
        return state == ServiceState.RUNNING && (!hasHealthCheck || Boolean.TRUE.equals(healthy));
    }
}
