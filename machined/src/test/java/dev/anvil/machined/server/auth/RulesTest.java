package dev.anvil.machined.server.auth;

import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.inspect.InspectServiceGrpc;
import dev.anvil.api.machine.ImageServiceGrpc;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.machinery.role.Role;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.anvil.machinery.role.Role.ADMIN;
import static dev.anvil.machinery.role.Role.ETCD_BACKUP;
import static dev.anvil.machinery.role.Role.META_WRITER;
import static dev.anvil.machinery.role.Role.OPERATOR;
import static dev.anvil.machinery.role.Role.READER;
import static org.assertj.core.api.Assertions.assertThat;

/** Every method we serve, with every role: allowed exactly where Talos's rules allow it. */
class RulesTest {
    private static final Set<Role> READERS = EnumSet.of(ADMIN, OPERATOR, READER);
    private static final Set<Role> OPERATORS = EnumSet.of(ADMIN, OPERATOR);
    private static final Set<Role> ADMINS = EnumSet.of(ADMIN);
    private static final Set<Role> ETCD_READERS = EnumSet.of(ADMIN, OPERATOR, READER, ETCD_BACKUP);

    private static final Map<String, Set<Role>> EXPECTED = Map.ofEntries(
            Map.entry("/machine.MachineService/Version", READERS),
            Map.entry("/machine.MachineService/ApplyConfiguration", EnumSet.of(ADMIN, READER)),
            Map.entry("/machine.MachineService/Hostname", READERS),
            Map.entry("/machine.MachineService/ServiceList", READERS),
            Map.entry("/machine.MachineService/Logs", READERS),
            Map.entry("/machine.MachineService/LogsContainers", READERS),
            Map.entry("/machine.MachineService/Dmesg", READERS),
            Map.entry("/machine.MachineService/Events", READERS),
            Map.entry("/machine.MachineService/List", READERS),
            Map.entry("/machine.MachineService/DiskUsage", READERS),
            Map.entry("/machine.MachineService/Read", ADMINS),
            Map.entry("/machine.MachineService/Copy", ADMINS),
            Map.entry("/machine.MachineService/ServiceStart", OPERATORS),
            Map.entry("/machine.MachineService/ServiceStop", OPERATORS),
            Map.entry("/machine.MachineService/ServiceRestart", OPERATORS),
            Map.entry("/machine.MachineService/Reboot", OPERATORS),
            Map.entry("/machine.MachineService/Shutdown", OPERATORS),
            Map.entry("/machine.MachineService/Reset", ADMINS),
            Map.entry("/machine.MachineService/Rollback", ADMINS),
            Map.entry("/anvil.upgrade.UpgradeService/Upload", ADMINS),
            Map.entry("/machine.MachineService/GenerateClientConfiguration", ADMINS),
            Map.entry("/machine.MachineService/Processes", READERS),
            Map.entry("/machine.MachineService/Memory", READERS),
            Map.entry("/machine.MachineService/LoadAvg", READERS),
            Map.entry("/machine.MachineService/SystemStat", READERS),
            Map.entry("/machine.MachineService/CPUInfo", READERS),
            Map.entry("/machine.MachineService/Mounts", READERS),
            Map.entry("/machine.MachineService/NetworkDeviceStats", READERS),
            Map.entry("/machine.MachineService/Netstat", READERS),
            Map.entry("/machine.MachineService/PacketCapture", OPERATORS),
            Map.entry("/machine.MachineService/DiskStats", READERS),
            Map.entry("/machine.MachineService/Bootstrap", ADMINS),
            Map.entry("/machine.MachineService/MetaWrite", EnumSet.of(ADMIN, META_WRITER)),
            Map.entry("/machine.MachineService/MetaDelete", EnumSet.of(ADMIN, META_WRITER)),
            Map.entry("/machine.MachineService/EtcdMemberList", ETCD_READERS),
            Map.entry("/machine.MachineService/EtcdStatus", ETCD_READERS),
            Map.entry("/machine.MachineService/EtcdAlarmList", ETCD_READERS),
            Map.entry("/machine.MachineService/EtcdSnapshot", EnumSet.of(ADMIN, OPERATOR, ETCD_BACKUP)),
            Map.entry("/machine.MachineService/EtcdAlarmDisarm", OPERATORS),
            Map.entry("/machine.MachineService/EtcdDefragment", OPERATORS),
            Map.entry("/machine.MachineService/EtcdLeaveCluster", ADMINS),
            Map.entry("/machine.MachineService/EtcdForfeitLeadership", ADMINS),
            Map.entry("/machine.MachineService/EtcdRemoveMemberByID", ADMINS),
            Map.entry("/machine.MachineService/Kubeconfig", ADMINS),
            Map.entry("/machine.MachineService/EtcdRecover", ADMINS),
            Map.entry("/machine.MachineService/Containers", READERS),
            Map.entry("/machine.MachineService/Stats", READERS),
            Map.entry("/machine.MachineService/Restart", OPERATORS),
            Map.entry("/machine.ImageService/List", READERS),
            Map.entry("/machine.ImageService/Import", ADMINS),
            Map.entry("/cosi.resource.State/Get", READERS),
            Map.entry("/cosi.resource.State/List", READERS),
            Map.entry("/cosi.resource.State/Watch", READERS),
            Map.entry("/cosi.resource.State/Create", ADMINS),
            Map.entry("/cosi.resource.State/Update", ADMINS),
            Map.entry("/cosi.resource.State/Destroy", ADMINS),
            Map.entry("/cosi.resource.State/Teardown", ADMINS),
            Map.entry("/cosi.resource.State/TeardownAndDestroy", ADMINS),
            Map.entry("/inspect.InspectService/ControllerRuntimeDependencies", READERS));

    @Test
    void everyServedMethod_withEveryRole() {
        for (ServiceDescriptor service : new ServiceDescriptor[] {MachineServiceGrpc.getServiceDescriptor(),
                StateGrpc.getServiceDescriptor(), InspectServiceGrpc.getServiceDescriptor(),
                ImageServiceGrpc.getServiceDescriptor()}) {
            for (MethodDescriptor<?, ?> method : service.getMethods()) {
                String name = "/" + method.getFullMethodName();
                assertThat(EXPECTED).as("a rule is expected for %s", name).containsKey(name);
                for (Role role : Role.values()) {
                    assertThat(Rules.permits(name, EnumSet.of(role))).as("%s calling %s", role, name)
                            .isEqualTo(EXPECTED.get(name).contains(role));
                }
                assertThat(Rules.permits(name, EnumSet.noneOf(Role.class))).as("no role calling %s", name).isFalse();
            }
        }
    }

    @Test
    void unlistedMethods_areForAdminsOnly_andSpecialRolesGetTheirMethods() {
        assertThat(Rules.allowed("/machine.MachineService/SomethingNew")).containsExactly(ADMIN);
        assertThat(Rules.permits("/machine.MachineService/EtcdSnapshot", EnumSet.of(Role.ETCD_BACKUP))).isTrue();
        assertThat(Rules.permits("/machine.MachineService/MetaWrite", EnumSet.of(Role.META_WRITER))).isTrue();
        assertThat(Rules.permits("/machine.ImageService/Verify", EnumSet.of(Role.IMAGE_VERIFIER))).isTrue();
        assertThat(Rules.permits("/machine.MachineService/Reset", EnumSet.of(Role.OPERATOR))).isFalse();
        // readers may call these in maintenance mode only, which their handlers check
        for (String method : List.of("/machine.LVMService/LogicalVolumeRemove", "/machine.LVMService/VolumeGroupRemove",
                "/machine.LVMService/PhysicalVolumeRemove", "/machine.MDService/Destroy",
                "/storage.StorageService/BlockDeviceWipe")) {
            assertThat(Rules.allowed(method)).as(method).containsExactlyInAnyOrder(ADMIN, READER);
        }
        assertThat(Role.fromOrganizations(List.of("os:reader", "", "os:unknown")))
                .containsExactly(READER);
    }
}
