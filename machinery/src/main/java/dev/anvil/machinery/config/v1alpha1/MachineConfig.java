package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.schema.NotImplemented;
import dev.anvil.machinery.config.schema.Unstructured;
import java.util.List;
import java.util.Map;

/** The {@code machine:} section of a v1alpha1 document: everything about this one node. */
public record MachineConfig(
        String type,
        String token,
        Pem.CertAndKey ca,
        List<Pem.Cert> acceptedCAs,
        List<String> certSANs,
        ControlPlane controlPlane,
        KubeletConfig kubelet,
        List<Unstructured> pods,
        NetworkConfig network,
        List<Disk> disks,
        InstallConfig install,
        List<File> files,
        Map<String, String> env,
        Time time,
        Map<String, String> sysctls,
        Map<String, String> sysfs,
        @NotImplemented("registry mirrors and registry credentials") Registries registries,
        @NotImplemented("system disk encryption") Encryption.SystemDisk systemDiskEncryption,
        FeaturesConfig features,
        @NotImplemented("udev rules") Udev udev,
        Logging logging,
        Kernel kernel,
        List<SeccompProfile> seccompProfiles,
        Unstructured baseRuntimeSpecOverrides,
        Map<String, String> nodeLabels,
        Map<String, String> nodeAnnotations,
        Map<String, String> nodeTaints) {

    public record ControlPlane(Disabled controllerManager, Disabled scheduler) {
    }

    public record Disabled(Boolean disabled) {
    }

    public record Disk(String device, List<Partition> partitions) {
    }

    public record Partition(IntOrString size, String mountpoint) {
    }

    public record File(String content, IntOrString permissions, String path, String op) {
    }

    public record Time(Boolean disabled, List<String> servers, String bootTimeout) {
    }

    public record Udev(List<String> rules) {
    }

    public record Logging(List<LoggingDestination> destinations) {
    }

    public record LoggingDestination(String endpoint, String format, Map<String, String> extraTags) {
    }

    public record Kernel(List<KernelModule> modules) {
    }

    public record KernelModule(String name, List<String> parameters) {
    }

    public record SeccompProfile(String name, Unstructured value) {
    }

    public record Registries(Map<String, Mirror> mirrors, Map<String, RegistryConfig> config) {
    }

    public record Mirror(List<String> endpoints, Boolean overridePath, Boolean skipFallback) {
    }

    public record RegistryConfig(RegistryTls tls, RegistryAuth auth) {
    }

    public record RegistryTls(Pem.CertAndKey clientIdentity, String ca, Boolean insecureSkipVerify) {
    }

    public record RegistryAuth(String username, String password, String auth, String identityToken) {
    }
}
