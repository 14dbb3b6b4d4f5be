package dev.anvil.machinery.resources.cluster;

import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/** What an affiliate or member that is a control plane says about it: the port of its Kubernetes API server. */
public record ControlPlane(@ProtoField(1) @YamlName("port") int apiServerPort) {
}
