package dev.anvil.machined.kubernetes;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.Map;

/** Kubernetes objects and kubeconfigs as YAML text, block style, keys in the order of the maps. */
final class Yaml {
    private static final DumpSettings SETTINGS = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2).setIndicatorIndent(0).setWidth(Integer.MAX_VALUE).build();

    private Yaml() {
    }

    static String dump(Map<String, Object> object) {
        return new Dump(SETTINGS).dumpToString(object);
    }
}
