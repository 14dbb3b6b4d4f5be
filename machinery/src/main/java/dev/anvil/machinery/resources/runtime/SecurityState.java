package dev.anvil.machinery.resources.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code SecurityState}: how the node booted, as the firmware tells it. {@code secureBoot}: the firmware
 * enforced Secure Boot; {@code bootedWithUki}: a unified kernel image's EFI stub started the kernel (so its signed
 * command line, with the root's dm-verity hash, is the one in effect). Signing key fingerprints are not reported
 * yet (Anvil's UKIs carry no PCR signature).
 */
public record SecurityState(@ProtoField(1) boolean secureBoot,
        @ProtoField(5) @YamlName("bootedWithUKI") boolean bootedWithUki) implements Spec {
    public static final String TYPE = "SecurityStates.talos.dev";
    public static final String ID = "securitystate";
    public static final Kind KIND = new Kind(RuntimeResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, RuntimeResources.NAMESPACE)
            .withPrintColumn("SecureBoot", "{.secureBoot}").withPrintColumn("BootedWithUKI", "{.bootedWithUKI}");
}
