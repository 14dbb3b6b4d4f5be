package dev.anvil.machined.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects as plain maps, the way the manifests here are built: {@code object("kind", "Pod", ...)} keeps
 * the keys in the order given and leaves out keys whose value is null, as Go's {@code omitempty} leaves them out.
 */
final class K8sObjects {
    private K8sObjects() {
    }

    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    static List<Object> list(Object... items) {
        return List.of(items);
    }

    /** The metadata of an object in a namespace (null for a cluster-scoped one), with labels when given. */
    static Map<String, Object> metadata(String name, String namespace, Map<String, Object> labels) {
        return object("name", name, "namespace", namespace, "labels", labels);
    }

    /** A hostPath volume. */
    static Map<String, Object> hostPathVolume(String name, String path) {
        return object("name", name, "hostPath", object("path", path));
    }

    static Map<String, Object> mount(String name, String path, boolean readOnly) {
        return object("name", name, "mountPath", path, "readOnly", readOnly ? Boolean.TRUE : null);
    }
}
