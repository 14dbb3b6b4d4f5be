package dev.anvil.api;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.anvil.api.cosi.resource.Event;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.WatchOptions;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our Java packages must not leak onto the wire: the full names gRPC routes by, and the field numbers peers
 * decode by, are the upstream ones.
 */
class WireNamesTest {

    @Test
    void stateService_hasTheUpstreamNameAndMethods() {
        assertThat(StateGrpc.SERVICE_NAME).isEqualTo("cosi.resource.State");
        ServiceDescriptor service = Event.getDescriptor().getFile().findServiceByName("State");
        assertThat(service.getMethods()).extracting(MethodDescriptor::getName).containsExactly(
                "Get", "List", "Create", "Update", "Destroy", "Watch", "Teardown", "TeardownAndDestroy");
        assertThat(StateGrpc.getWatchMethod().getFullMethodName()).isEqualTo("cosi.resource.State/Watch");
    }

    @Test
    void machineService_hasTheUpstreamName() {
        assertThat(MachineServiceGrpc.SERVICE_NAME).isEqualTo("machine.MachineService");
        assertThat(MachineServiceGrpc.getVersionMethod().getFullMethodName()).isEqualTo("machine.MachineService/Version");
    }

    @Test
    void messages_keepUpstreamFullNamesAndNumbers() {
        assertThat(dev.anvil.api.cosi.resource.Metadata.getDescriptor().getFullName()).isEqualTo("cosi.resource.Metadata");
        assertThat(dev.anvil.api.common.Data.getDescriptor().getFullName()).isEqualTo("common.Data");
        assertThat(dev.anvil.api.cosi.resource.meta.NamespaceSpec.getDescriptor().getFullName())
                .isEqualTo("cosi.resource.meta.NamespaceSpec");
        assertNumbers(Event.getDescriptor(), "resource", 1, "event_type", 2, "old", 3, "error", 4, "bookmark", 5);
        assertNumbers(WatchRequest.getDescriptor(), "namespace", 1, "type", 2, "id", 3, "options", 4,
                "api_version", 5);
        assertNumbers(WatchOptions.getDescriptor(), "bootstrap_contents", 1, "tail_events", 2, "label_query", 3,
                "id_query", 4, "aggregated", 5, "start_from_bookmark", 6, "bootstrap_bookmark", 7);
        assertNumbers(UpdateRequest.getDescriptor(), "new_resource", 2, "options", 3);
        assertNumbers(dev.anvil.api.cosi.resource.LabelTerm.getDescriptor(), "key", 1, "op", 2, "value", 3,
                "invert", 5);
    }

    private static void assertNumbers(Descriptor message, Object... nameNumberPairs) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < nameNumberPairs.length; i += 2) {
            expected.add(nameNumberPairs[i] + "=" + nameNumberPairs[i + 1]);
        }
        assertThat(message.getFields()).extracting(f -> f.getName() + "=" + f.getNumber())
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
