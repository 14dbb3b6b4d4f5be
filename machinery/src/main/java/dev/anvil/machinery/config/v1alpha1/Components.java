package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.MergeKey;
import dev.anvil.machinery.config.schema.Obsolete;
import dev.anvil.machinery.config.schema.ReplaceOnMerge;
import dev.anvil.machinery.config.schema.Unstructured;
import java.util.List;
import java.util.Map;

/** The control-plane components under {@code cluster:}: API server, controller manager, scheduler, proxy, etcd. */
public final class Components {

    private Components() {
    }

    public record ApiServer(
            String image,
            Map<String, ArgValue> extraArgs,
            List<VolumeMount> extraVolumes,
            Map<String, String> env,
            List<String> certSANs,
            @Obsolete("PodSecurityPolicy was removed in Kubernetes 1.25; ignored") Boolean disablePodSecurityPolicy,
            @MergeKey("name") List<AdmissionPlugin> admissionControl,
            @ReplaceOnMerge Unstructured auditPolicy,
            Resources resources,
            List<Authorizer> authorizationConfig) {
    }

    public record AdmissionPlugin(String name, Unstructured configuration) {
    }

    public record Authorizer(String type, String name, Unstructured webhook) {
    }

    public record ControllerManager(String image, Map<String, ArgValue> extraArgs, List<VolumeMount> extraVolumes,
                                    Map<String, String> env, Resources resources) {
    }

    public record Scheduler(String image, Map<String, ArgValue> extraArgs, List<VolumeMount> extraVolumes,
                            Map<String, String> env, Resources resources, Unstructured config) {
    }

    public record Proxy(Boolean disabled, String image, String mode, Map<String, ArgValue> extraArgs) {
    }

    public record Etcd(String image, Pem.CertAndKey ca, Map<String, ArgValue> extraArgs,
                       List<String> advertisedSubnets, List<String> listenSubnets,
                       @Obsolete("use cluster.etcd.advertisedSubnets") String subnet) {
    }

    public record VolumeMount(String hostPath, String mountPath, Boolean readonly) {
    }

    public record Resources(Unstructured requests, Unstructured limits) {
    }
}
