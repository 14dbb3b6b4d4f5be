package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code KernelParamSpec}: a kernel parameter wanted. The same shape is Talos's {@code
 * KernelParamDefaultSpec} ({@link #DEFAULT_TYPE}): a default the node sets, which a spec of the same ID overrides. The ID is the parameter's path with dots, prefixed
 * by where it lives: {@code proc.sys.net.ipv4.ip_forward} (a sysctl), {@code sys.kernel.mm...} (sysfs).
 */
public record KernelParamSpec(@ProtoField(1) String value,
        @ProtoField(2) @YamlName("ignoreErrors") boolean ignoreErrors) implements Spec {

    public static final String TYPE = "KernelParamSpecs.runtime.talos.dev";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final String DEFAULT_TYPE = "KernelParamDefaultSpecs.runtime.talos.dev";
    public static final Kind DEFAULT_KIND = new Kind(RuntimeResources.NAMESPACE, DEFAULT_TYPE);

    /** The ID prefix of sysctls (Talos's kernel.Sysctl). */
    public static final String SYSCTL = "proc.sys";
    /** The ID prefix of sysfs parameters (Talos's kernel.Sysfs). */
    public static final String SYSFS = "sys";
}
