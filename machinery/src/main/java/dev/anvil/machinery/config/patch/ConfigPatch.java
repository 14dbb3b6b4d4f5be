package dev.anvil.machinery.config.patch;

import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/** A parsed patch: config documents to merge in, or RFC 6902 operations. */
sealed interface ConfigPatch {

    record StrategicMergePatch(List<MappingNode> documents) implements ConfigPatch {
    }

    record JsonPatchOperations(List<JsonPatch.Operation> operations) implements ConfigPatch {
    }
}
