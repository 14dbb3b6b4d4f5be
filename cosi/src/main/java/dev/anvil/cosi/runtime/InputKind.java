package dev.anvil.cosi.runtime;

/**
 * How a controller depends on an input. The first three belong to {@link Controller}s, the {@code Q_} ones to
 * {@link QController}s; a controller of one family cannot declare kinds of the other.
 */
public enum InputKind {
    /** Any change of the input wakes the controller. */
    WEAK(false, false),
    /** As weak, and the controller may put finalizers on the input. */
    STRONG(false, true),
    /** Wakes the controller only when the resource is tearing down and has no finalizers left. */
    DESTROY_READY(false, false),
    /** Each change queues a reconcile of the same pointer; every existing item is queued at start. */
    Q_PRIMARY(true, true),
    /** Each change queues a map job, which the controller turns into primary pointers. */
    Q_MAPPED(true, true),
    /** As {@link #Q_MAPPED}, but only for resources that are tearing down with no finalizers left. */
    Q_MAPPED_DESTROY_READY(true, false);

    private final boolean queued;
    private final boolean finalizers;

    InputKind(boolean queued, boolean finalizers) {
        this.queued = queued;
        this.finalizers = finalizers;
    }

    /** True for the kinds a {@link QController} declares. */
    public boolean queued() {
        return queued;
    }

    /** True when the controller may add and remove finalizers on inputs of this kind. */
    public boolean mayChangeFinalizers() {
        return finalizers;
    }

    /** True when only destroy-ready resources (tearing down, no finalizers) trigger. */
    public boolean destroyReadyOnly() {
        return this == DESTROY_READY || this == Q_MAPPED_DESTROY_READY;
    }
}
