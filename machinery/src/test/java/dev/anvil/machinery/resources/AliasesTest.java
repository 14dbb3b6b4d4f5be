package dev.anvil.machinery.resources;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.block.BlockResources;
import dev.anvil.machinery.resources.cluster.ClusterResources;
import dev.anvil.machinery.resources.files.FilesResources;
import dev.anvil.machinery.resources.k8s.K8sResources;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.runtime.RuntimeResources;
import dev.anvil.machinery.resources.secrets.SecretsResources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic abbreviations may clash (AddressSpecs and AddressStatuses are both "as", as in Talos, and get says the
 * name is ambiguous), but "ms", which talosctl users type for the machine's status, stands for MachineStatus only.
 */
class AliasesTest {
    @Test
    void ms_namesTheMachineStatusOnly() {
        ResourceTypes all = K8sResources.register(SecretsResources.register(ClusterResources.register(
                FilesResources.register(NetworkResources.register(BlockResources.register(RuntimeResources.register(
                        ResourceTypes.none())))))));
        assertThat(all.definitions().stream().map(ResourceDefinition::spec).filter(d -> d.isCalled("ms"))
                .map(d -> d.type())).containsExactly("MachineStatuses.runtime.talos.dev");
        assertThat(all.definitions().stream().map(ResourceDefinition::spec)
                .filter(d -> d.isCalled("manifeststatuses")).map(d -> d.type()))
                .containsExactly("ManifestStatuses.kubernetes.talos.dev");
    }
}
