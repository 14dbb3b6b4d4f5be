package dev.anvil.cosi.runtime;

/** How the runtime drives one registered controller of either family. */
sealed interface Runner permits ControllerRunner, QControllerRunner {
    String name();

    /** A change of a resource one of the controller's inputs covers; called by the dispatcher thread only. */
    void trigger(Input input, ReducedMetadata change);

    /** Starts the controller's threads; called once. */
    void start(RuntimeThreads threads);

    /** Called once after every thread of the runtime has stopped. */
    void stopped();
}
