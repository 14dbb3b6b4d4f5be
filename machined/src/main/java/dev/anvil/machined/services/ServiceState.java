package dev.anvil.machined.services;

/** Where a service is in its life, as Talos names the states. */
public enum ServiceState {
    /** Its dependencies are not up yet. */
    WAITING,
    /** Getting ready to start (control group, directories). */
    PREPARING,
    /** Its process runs. */
    RUNNING,
    /** It ended by itself with success, or was stopped, and will not be restarted. */
    FINISHED,
    /** Its process failed; it is restarted after a backoff when its policy says so. */
    FAILED,
    /** It does not apply to this node (its precondition said why). */
    SKIPPED
}
