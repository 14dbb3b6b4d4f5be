package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.Obsolete;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;

/** The legacy kind-less document: {@code version: v1alpha1} with {@code machine:} and {@code cluster:}. */
public record V1Alpha1(
        String version,
        Boolean debug,
        @Obsolete("not supported by Talos any more; ignored") Boolean persist,
        MachineConfig machine,
        ClusterConfig cluster) implements ConfigDocument {

    @Override
    public String apiVersion() {
        return "";
    }

    @Override
    public String kind() {
        return "v1alpha1";
    }

    @Override
    public String label() {
        return "v1alpha1";
    }
}
