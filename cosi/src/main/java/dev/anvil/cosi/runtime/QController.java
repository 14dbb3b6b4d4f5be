package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Pointer;

import java.util.List;

/**
 * A queue controller: the runtime keeps a queue of keyed work items and calls {@link #reconcile} for one primary
 * resource at a time, possibly concurrently for different resources (up to {@link QSettings#concurrency()}).
 *
 * <p>Guaranteed by the runtime: the same pointer is never reconciled by two workers at once; a change that arrives
 * during its reconcile queues it again right after. Every primary resource is queued once at start. A reconcile
 * that returns normally clears the pointer's backoff; {@link RequeueException} queues it again after its interval;
 * any other exception is a crash that queues it again after the pointer's own exponential backoff. A fresh change
 * of a pointer that is backing off makes it eligible at once.
 */
public interface QController {
    String name();

    /** Called more than once (at registration and at start), so it must be cheap and return equal settings. */
    QSettings settings();

    /** Brings the outputs of one primary resource up to date. */
    void reconcile(QContext ctx, Pointer primary) throws Exception;

    /**
     * Turns a change of a mapped input into the primary resources it affects; every pointer returned must be of a
     * {@link InputKind#Q_PRIMARY} input's namespace and type, otherwise the map job fails.
     */
    List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) throws Exception;
}
