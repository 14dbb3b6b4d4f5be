package dev.anvil.cosi.runtime;

/** The kinds of edge in a {@link DependencyGraph}, in the order the graph sorts output edges. */
public enum EdgeType {
    OUTPUT_EXCLUSIVE,
    OUTPUT_SHARED,
    INPUT_STRONG,
    INPUT_WEAK,
    INPUT_DESTROY_READY,
    INPUT_Q_PRIMARY,
    INPUT_Q_MAPPED,
    INPUT_Q_MAPPED_DESTROY_READY;

    static EdgeType of(InputKind kind) {
        return switch (kind) {
            case STRONG -> INPUT_STRONG;
            case WEAK -> INPUT_WEAK;
            case DESTROY_READY -> INPUT_DESTROY_READY;
            case Q_PRIMARY -> INPUT_Q_PRIMARY;
            case Q_MAPPED -> INPUT_Q_MAPPED;
            case Q_MAPPED_DESTROY_READY -> INPUT_Q_MAPPED_DESTROY_READY;
        };
    }

    static EdgeType of(OutputKind kind) {
        return kind == OutputKind.EXCLUSIVE ? OUTPUT_EXCLUSIVE : OUTPUT_SHARED;
    }

    boolean isOutput() {
        return this == OUTPUT_EXCLUSIVE || this == OUTPUT_SHARED;
    }
}
