package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.schema.NotImplemented;
import dev.anvil.machinery.config.schema.Obsolete;
import java.util.List;

/** {@code machine.install}: where and how the installer writes the system disk. */
public record InstallConfig(
        String disk,
        DiskSelector diskSelector,
        List<String> extraKernelArgs,
        String image,
        @NotImplemented("system extensions") List<Extension> extensions,
        @Obsolete("it never had an effect in Talos; ignored") Boolean bootloader,
        Boolean wipe,
        Boolean legacyBIOSSupport,
        Boolean grubUseUKICmdline) {

    public record DiskSelector(IntOrString size, String name, String model, String serial, String modalias,
                               String uuid, String wwid, String type, String busPath) {
    }

    public record Extension(String image) {
    }
}
