package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;

import java.util.SortedMap;

/**
 * What the runtime remembers of a change: enough to decide whom to wake and for a {@link QController} to map it,
 * without holding on to the resource.
 */
public record ReducedMetadata(Pointer pointer, Phase phase, SortedMap<String, String> labels,
        boolean finalizersEmpty) {

    public static ReducedMetadata of(Metadata metadata) {
        return new ReducedMetadata(metadata.pointer(), metadata.phase(), metadata.labels(),
                metadata.finalizers().isEmpty());
    }

    /** Tearing down with no finalizers left: the owner may destroy it now. */
    public boolean destroyReady() {
        return phase == Phase.TEARING_DOWN && finalizersEmpty;
    }
}
