package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.Unstructured;
import java.util.List;
import java.util.Map;

/** The kubelet service: image, flags and the KubeletConfiguration fields merged over Anvil's defaults. */
public record KubeletConfig(String image, Unstructured config, Map<String, ArgValue> extraArgs,
                            List<String> clusterDNS, Boolean defaultRuntimeSeccompProfileEnabled)
        implements ConfigDocument {
}
