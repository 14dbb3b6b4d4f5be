package dev.anvil.machined.server.auth;

import dev.anvil.machinery.role.Role;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static dev.anvil.machinery.role.Role.ADMIN;
import static dev.anvil.machinery.role.Role.ETCD_BACKUP;
import static dev.anvil.machinery.role.Role.IMAGE_VERIFIER;
import static dev.anvil.machinery.role.Role.META_WRITER;
import static dev.anvil.machinery.role.Role.OPERATOR;
import static dev.anvil.machinery.role.Role.READER;

/**
 * Which roles may call which method, as Talos's machined rules say; a method not listed is for os:admin only.
 * Method names are gRPC full names ({@code /machine.MachineService/Version}).
 */
public final class Rules {
    private static final Map<String, Set<Role>> ALLOWED = new HashMap<>();

    static {
        // Rollback, Reset and anvil.upgrade.UpgradeService/Upload are for admins only, as every method not listed
        allow(EnumSet.of(ADMIN, OPERATOR), "/machine.MachineService/", "Reboot", "Shutdown", "Restart",
                "ServiceRestart", "ServiceStart", "ServiceStop", "PacketCapture", "EtcdAlarmDisarm",
                "EtcdDefragment", "ImagePull");
        allow(EnumSet.of(ADMIN, OPERATOR), "/machine.ImageService/", "Pull");
        allow(EnumSet.of(ADMIN, OPERATOR, ETCD_BACKUP), "/machine.MachineService/", "EtcdSnapshot");
        allow(EnumSet.of(ADMIN, OPERATOR, READER, ETCD_BACKUP), "/machine.MachineService/", "EtcdAlarmList",
                "EtcdMemberList", "EtcdStatus");
        allow(EnumSet.of(ADMIN, META_WRITER), "/machine.MachineService/", "MetaWrite", "MetaDelete");
        allow(EnumSet.of(ADMIN, OPERATOR, READER, IMAGE_VERIFIER), "/machine.ImageService/", "Verify");
        // readers may call these only in maintenance mode; the handler checks the mode
        allow(EnumSet.of(ADMIN, READER), "/machine.MachineService/", "ApplyConfiguration");
        allow(EnumSet.of(ADMIN, READER), "/storage.StorageService/", "BlockDeviceWipe");
        allow(EnumSet.of(ADMIN, READER), "/machine.LVMService/", "LogicalVolumeRemove", "VolumeGroupRemove",
                "PhysicalVolumeRemove");
        allow(EnumSet.of(ADMIN, READER), "/machine.MDService/", "Destroy");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/machine.MachineService/", "CPUInfo", "CPUFreqStats",
                "Containers", "DiskStats", "DiskUsage", "Dmesg", "Events", "Hostname", "ImageList", "List",
                "LoadAvg", "Logs", "LogsContainers", "Memory", "Mounts", "NetworkDeviceStats", "Netstat",
                "Processes", "ServiceList", "Stats", "SystemStat", "Version");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/machine.ImageService/", "List");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/machine.StorageService/", "Statfs");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/storage.StorageService/", "Disks");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/time.TimeService/", "Time", "TimeCheck");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/cluster.ClusterService/", "HealthCheck");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/inspect.InspectService/", "ControllerRuntimeDependencies");
        allow(EnumSet.of(ADMIN, OPERATOR, READER), "/cosi.resource.State/", "Get", "List", "Watch");
    }

    private Rules() {
    }

    private static void allow(Set<Role> roles, String service, String... methods) {
        for (String method : methods) {
            ALLOWED.put(service + method, Set.copyOf(roles));
        }
    }

    /** The roles that may call a method (full name with its leading slash). */
    public static Set<Role> allowed(String fullMethod) {
        return ALLOWED.getOrDefault(fullMethod, Set.of(ADMIN));
    }

    public static boolean permits(String fullMethod, Set<Role> roles) {
        Set<Role> allowed = allowed(fullMethod);
        return roles.stream().anyMatch(allowed::contains);
    }
}
