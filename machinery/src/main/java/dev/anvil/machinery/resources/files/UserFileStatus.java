package dev.anvil.machinery.resources.files;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Anvil's record of one {@code machine.files} entry (ID: its path as configured): the operation, where the bytes
 * went (Talos writes files meant outside {@code /var} under {@code /var} and binds them over the path), the
 * permissions in octal,
 * how many bytes the file holds, the error when it could not be written (empty when it was), and a digest of the
 * entry written (an entry already written is not written again; an append would append twice).
 */
public record UserFileStatus(@ProtoField(1) String op, @ProtoField(2) @YamlName("writtenTo") String writtenTo,
        @ProtoField(3) String permissions, @ProtoField(4) long size, @ProtoField(5) String error,
        @ProtoField(6) String digest) implements Spec {

    public static final String TYPE = "UserFileStatuses.files.anvil.dev";
    public static final Kind KIND = new Kind(FilesResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, FilesResources.NAMESPACE)
            .withAliases("userfiles").withPrintColumn("Op", "{.op}").withPrintColumn("Written To", "{.writtenTo}")
            .withPrintColumn("Error", "{.error}");
}
