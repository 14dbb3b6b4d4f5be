package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.document.DocumentKinds;
import dev.anvil.machinery.config.document.V1Alpha1;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Applies a strategic-merge patch to a document set: each patch document merges into the config document with the
 * same apiVersion, kind and name (the kind-less v1alpha1 document matches the kind-less one), or is appended when
 * there is none. A patch document that says {@code $patch: delete} removes its match; deleting a document that does
 * not exist is not an error.
 */
final class StrategicMerge {

    private record Identity(String apiVersion, String kind, String name) {
    }

    private StrategicMerge() {
    }

    static List<Node> apply(List<Node> config, List<MappingNode> patch) {
        List<Node> result = new ArrayList<>(config);
        for (MappingNode patchDocument : patch) {
            Identity identity = identity(patchDocument);
            int match = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i) instanceof MappingNode m && identity(m).equals(identity)) {
                    match = i;
                    break;
                }
            }
            if (TreeMerge.isDelete(patchDocument)) {
                if (match >= 0) {
                    result.remove(match);
                }
            } else if (match >= 0) {
                result.set(match, TreeMerge.merge(result.get(match), patchDocument,
                        TreeMerge.Slot.of(typeOf(identity))));
            } else {
                result.add(TreeMerge.strip(patchDocument));
            }
        }
        return result;
    }

    private static Identity identity(MappingNode document) {
        String apiVersion = "";
        String kind = "";
        String name = "";
        for (NodeTuple t : document.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                switch (k.getValue()) {
                    case "apiVersion" -> apiVersion = v.getValue();
                    case "kind" -> kind = v.getValue();
                    case "name" -> name = v.getValue();
                    default -> {
                    }
                }
            }
        }
        // the v1alpha1 document has no kind, and its machine/cluster sections have no "name" at the top
        return kind.isEmpty() ? new Identity("", "", "") : new Identity(apiVersion, kind, name);
    }

    /** The model type that guides the merge; null (merge without guidance) for kinds Anvil does not model. */
    private static Type typeOf(Identity identity) {
        if (identity.kind().isEmpty()) {
            return V1Alpha1.class;
        }
        return DocumentKinds.find(identity.apiVersion(), identity.kind()).<Type>map(k -> k.type()).orElse(null);
    }
}
