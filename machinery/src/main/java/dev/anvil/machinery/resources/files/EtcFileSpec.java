package dev.anvil.machinery.resources.files;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * Talos's {@code EtcFileSpec}: a file the node keeps under {@code /etc}, by its path relative to it as the ID
 * ({@code hosts}, {@code resolv.conf}). The contents are text (Talos's bytes, the same on the wire), the mode its
 * permission bits.
 */
public record EtcFileSpec(@ProtoField(1) String contents, @ProtoField(2) int mode,
        @ProtoField(3) @YamlName("selinux_label") String selinuxLabel) implements Spec {

    public static final String TYPE = "EtcFileSpecs.files.talos.dev";
    public static final Kind KIND = new Kind(FilesResources.NAMESPACE, TYPE);

    public EtcFileSpec {
        contents = contents == null ? "" : contents;
        selinuxLabel = selinuxLabel == null ? "" : selinuxLabel;
    }

    /** A world-readable file, as Talos writes hosts and resolv.conf. */
    public static EtcFileSpec readable(String contents) {
        return new EtcFileSpec(contents, 0644, "");
    }
}
