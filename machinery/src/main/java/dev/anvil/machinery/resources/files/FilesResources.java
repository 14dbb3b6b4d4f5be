package dev.anvil.machinery.resources.files;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.ResourceTypes;

/** The file resource types (Talos's {@code *.files.talos.dev} and Anvil's user files), and their registration. */
public final class FilesResources {
    public static final String NAMESPACE = "files";

    private FilesResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        // the contents may hold what the config holds: Talos lets only os:admin read the specs
        return types.with(ResourceDefinition.of(EtcFileSpec.TYPE, NAMESPACE).asSensitive(), EtcFileSpec.class)
                .with(ResourceDefinition.of(EtcFileStatus.TYPE, NAMESPACE), EtcFileStatus.class)
                .with(UserFileStatus.DEFINITION, UserFileStatus.class);
    }
}
