package dev.anvil.machined.server;

import dev.anvil.api.cosi.resource.CreateRequest;
import dev.anvil.api.cosi.resource.DestroyRequest;
import dev.anvil.api.cosi.resource.GetRequest;
import dev.anvil.api.cosi.resource.ListRequest;
import dev.anvil.api.cosi.resource.Metadata;
import dev.anvil.api.cosi.resource.Resource;
import dev.anvil.api.cosi.resource.TeardownAndDestroyRequest;
import dev.anvil.api.cosi.resource.TeardownRequest;
import dev.anvil.api.cosi.resource.UpdateRequest;
import dev.anvil.api.cosi.resource.WatchRequest;
import dev.anvil.api.machine.ReadRequest;
import dev.anvil.machined.server.auth.Rules;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.role.Role;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every method of every service the node's API serves, called over mutual TLS by a client certificate of each of
 * the seven roles and by one without a role: refused with PERMISSION_DENIED exactly where {@link Rules} does not
 * allow the role, and served otherwise (whatever the handler then answers to the request). The methods are found
 * in the served services' descriptors, so a new one is called here as soon as it is served.
 *
 * <p>The calls are real, so the parts that would change the machine are harmless ones ({@link ServedApi}): Reboot,
 * Shutdown and Reset end in a recording terminal, ApplyConfiguration gets an empty config (INVALID_ARGUMENT), the
 * file RPCs see a temporary directory only. A stream is cancelled after its first message, and must then end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryMethodEveryRoleTest {
    /** The roles of each caller: each role alone, then none at all. */
    private static final List<Set<Role>> CALLERS = Stream.concat(
            Stream.of(Role.values()).map(r -> (Set<Role>) EnumSet.of(r)), Stream.of(EnumSet.noneOf(Role.class)))
            .toList();
    private static final Pointer PUBLISHED = new Pointer(MachineStatus.POINTER);

    private ServedApi api;
    private final Map<Set<Role>, ManagedChannel> clients = new LinkedHashMap<>();
    private int calls;

    @BeforeAll
    void serve(@TempDir Path dir) throws Exception {
        api = new ServedApi(dir);
        for (Set<Role> roles : CALLERS) {
            clients.put(roles, api.client(roles.stream().map(Role::toString).toArray(String[]::new)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        api.close();
        // Reboot, Shutdown and Reset ran their sequences on threads of their own; these end by themselves
        await().atMost(20, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().matches("(reboot|shutdown|reset)-[0-9a-f-]{36}")));
        assertThat(calls).as("calls made").isEqualTo(methods().size() * CALLERS.size());
    }

    @TestFactory
    Stream<DynamicTest> everyMethod_withEveryRole_isRefusedExactlyWhereTheRulesSay() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MethodDescriptor<?, ?> method : methods()) {
            String name = "/" + method.getFullMethodName();
            for (Set<Role> roles : CALLERS) {
                String caller = roles.isEmpty() ? "no role" : roles.iterator().next().toString();
                tests.add(DynamicTest.dynamicTest(name + " as " + caller, () -> {
                    calls++;
                    Status status = ServedApi.call(clients.get(roles), method, request(method));
                    String description = String.valueOf(status.getDescription());
                    if (Rules.permits(name, roles)) {
                        assertThat(status.getCode() == Status.Code.PERMISSION_DENIED
                                && description.startsWith("not authorized")).as("%s refused: %s", caller, status)
                                .isFalse();
                        assertServed(name, status);
                    } else {
                        assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.PERMISSION_DENIED);
                        assertThat(description).startsWith("not authorized: " + name + " is for ")
                                .endsWith("; the caller has " + caller);
                    }
                    await("the streams and watches of the call end").pollDelay(Duration.ZERO)
                            .atMost(5, TimeUnit.SECONDS)
                            .until(() -> api.machine.streams() == 0 && api.state.openWatches() == 0);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void theMethodsCalled_areThoseOfEveryServiceMachinedServes() {
        assertThat(api.services).extracting(s -> s.bindService().getServiceDescriptor().getName())
                .containsExactlyInAnyOrder("cosi.resource.State", "machine.MachineService", "machine.ImageService",
                        "inspect.InspectService", "storage.StorageService", "time.TimeService",
                        "anvil.upgrade.UpgradeService");
        assertThat(methods()).extracting(MethodDescriptor::getFullMethodName)
                .contains("machine.MachineService/Reboot", "cosi.resource.State/Watch", "machine.ImageService/Import",
                        "machine.MachineService/Containers", "machine.MachineService/Rollback",
                        "anvil.upgrade.UpgradeService/Upload",
                        "inspect.InspectService/ControllerRuntimeDependencies", "time.TimeService/TimeCheck");
    }

    /**
     * An allowed call reached its handler: it was answered, or refused for what the request asks. The only
     * refusal by permission left is the state's for writes, which no caller of the API may make (as Talos).
     */
    private static void assertServed(String method, Status status) {
        assertThat(status.getCode()).as("%s: %s", method, status).isNotIn(Status.Code.UNKNOWN,
                Status.Code.DEADLINE_EXCEEDED, Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
        if (status.getCode() == Status.Code.PERMISSION_DENIED) {
            assertThat(status.getDescription()).as(method).isEqualTo("write access is not allowed");
        }
    }

    private List<MethodDescriptor<?, ?>> methods() {
        List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
        for (BindableService service : api.services) {
            methods.addAll(service.bindService().getServiceDescriptor().getMethods());
        }
        return methods;
    }

    /**
     * The request each method gets: an empty one, but where an empty one would be refused before the handler's real
     * work (an unpublished resource type, a path outside the served directories), one that names a published type
     * or a served file.
     */
    private Object request(MethodDescriptor<?, ?> method) {
        return switch (method.getFullMethodName()) {
            case "cosi.resource.State/Get" -> GetRequest.newBuilder().setNamespace(PUBLISHED.namespace)
                    .setType(PUBLISHED.type).setId(PUBLISHED.id).build();
            case "cosi.resource.State/List" -> ListRequest.newBuilder().setNamespace(PUBLISHED.namespace)
                    .setType(PUBLISHED.type).build();
            case "cosi.resource.State/Watch" -> WatchRequest.newBuilder().setNamespace(PUBLISHED.namespace)
                    .setType(PUBLISHED.type).setApiVersion(1).build();
            case "cosi.resource.State/Create" -> CreateRequest.newBuilder().setResource(PUBLISHED.resource()).build();
            case "cosi.resource.State/Update" -> UpdateRequest.newBuilder().setNewResource(PUBLISHED.resource())
                    .build();
            case "cosi.resource.State/Destroy" -> DestroyRequest.newBuilder().setNamespace(PUBLISHED.namespace)
                    .setType(PUBLISHED.type).setId(PUBLISHED.id).build();
            case "cosi.resource.State/Teardown" -> TeardownRequest.newBuilder().setNamespace(PUBLISHED.namespace)
                    .setType(PUBLISHED.type).setId(PUBLISHED.id).build();
            case "cosi.resource.State/TeardownAndDestroy" -> TeardownAndDestroyRequest.newBuilder()
                    .setNamespace(PUBLISHED.namespace).setType(PUBLISHED.type).setId(PUBLISHED.id).build();
            case "machine.MachineService/Read" -> ReadRequest.newBuilder()
                    .setPath(api.files.resolve("hello.txt").toString()).build();
            default -> ServedApi.emptyRequest(method);
        };
    }

    /** A resource of a published, non-sensitive type. */
    private record Pointer(String namespace, String type, String id) {
        Pointer(dev.anvil.cosi.resource.Pointer pointer) {
            this(pointer.namespace(), pointer.type(), pointer.id());
        }

        Resource resource() {
            return Resource.newBuilder().setMetadata(Metadata.newBuilder().setNamespace(namespace).setType(type)
                    .setId(id).setVersion("1")).build();
        }
    }
}
