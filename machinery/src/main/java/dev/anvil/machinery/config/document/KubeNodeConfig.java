package dev.anvil.machinery.config.document;

import java.util.List;
import java.util.Map;

/** How this node registers as a Kubernetes Node: its IP choice, labels, annotations and taints. */
public record KubeNodeConfig(Boolean skipNodeRegistration, Boolean registerWithFQDN, NodeIp nodeIP,
                             Map<String, String> labels, Map<String, String> annotations,
                             Map<String, String> taints) implements ConfigDocument {

    public record NodeIp(List<String> validSubnets) {
    }
}
