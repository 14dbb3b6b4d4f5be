package dev.anvil.cosi.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The failures of single resources during one reconcile, collected so that one failing resource does not stop the
 * others, then thrown together at the end (Go's multierror in the generic controllers). Used by one thread.
 */
public final class CollectedFailures {
    private final List<Exception> failures = new ArrayList<>();

    public void add(Exception failure) {
        failures.add(failure);
    }

    /** Throws one exception carrying the first failure as its cause and the others as suppressed, if there are any. */
    public void throwIfAny(String controller) {
        if (failures.isEmpty()) {
            return;
        }
        IllegalStateException failure = new IllegalStateException(controller + ": " + failures.size()
                + " resource(s) failed; first: " + failures.getFirst().getMessage(), failures.getFirst());
        failures.stream().skip(1).forEach(failure::addSuppressed);
        throw failure;
    }
}
