package dev.anvil.machinery.resources.files;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/** Talos's {@code EtcFileStatus} (ID as its spec's): the version of the spec last written to the file. */
public record EtcFileStatus(@ProtoField(1) @YamlName("specVersion") String specVersion) implements Spec {
    public static final String TYPE = "EtcFileStatuses.files.talos.dev";
    public static final Kind KIND = new Kind(FilesResources.NAMESPACE, TYPE);
}
