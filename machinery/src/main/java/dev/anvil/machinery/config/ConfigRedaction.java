package dev.anvil.machinery.config;

import dev.anvil.machinery.config.schema.Yaml;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A config's text with its secrets replaced, for showing it to someone who must not hold them (a support bundle).
 * What Talos's documents redact ({@code Redact}: the machine token, CA keys, the cluster secret and bootstrap token,
 * the aescbc and secretbox secrets, registry credentials, WireGuard keys, VIP API tokens, disk encryption
 * passphrases, SideroLink tokens), and more: every PEM block, keys and certificates alike, wherever it stands, as
 * text or base64. It works on the YAML tree, so documents Anvil does not model are redacted as well; an empty value
 * stays empty, as in Talos.
 */
public final class ConfigRedaction {
    public static final String REDACTED = "******";

    /** Paths of secrets by document kind ("" for the v1alpha1 document); "*" is any list item or map key. */
    private static final Map<String, List<String>> SECRETS = Map.of(
            "", List.of("machine.token", "machine.ca.key",
                    "machine.registries.config.*.auth.password", "machine.registries.config.*.auth.auth",
                    "machine.registries.config.*.auth.identityToken",
                    "machine.registries.config.*.tls.clientIdentity.key",
                    "machine.network.interfaces.*.wireguard.privateKey",
                    "machine.network.interfaces.*.wireguard.peers.*.presharedKey",
                    "machine.network.interfaces.*.vip.equinixMetal.apiToken",
                    "machine.network.interfaces.*.vip.hcloud.apiToken",
                    "machine.network.interfaces.*.vlans.*.vip.equinixMetal.apiToken",
                    "machine.network.interfaces.*.vlans.*.vip.hcloud.apiToken",
                    "machine.systemDiskEncryption.*.keys.*.static.passphrase",
                    "cluster.secret", "cluster.token", "cluster.aescbcEncryptionSecret",
                    "cluster.secretboxEncryptionSecret", "cluster.serviceAccount.key", "cluster.ca.key",
                    "cluster.aggregatorCA.key", "cluster.etcd.ca.key"),
            "DiscoveryIdentityConfig", List.of("clusterSecret"),
            "RegistryAuthConfig", List.of("password", "auth", "identityToken"),
            "WireguardConfig", List.of("privateKey", "peers.*.presharedKey"),
            "HCloudVIPConfig", List.of("apiToken"),
            "SideroLinkConfig", List.of("uniqueToken"),
            "VolumeConfig", List.of("encryption.keys.*.static.passphrase"),
            "UserVolumeConfig", List.of("encryption.keys.*.static.passphrase"),
            "RawVolumeConfig", List.of("encryption.keys.*.static.passphrase"),
            "SwapVolumeConfig", List.of("encryption.keys.*.static.passphrase"));
    /** "-----BEGIN" as text, or as base64 (the config holds PEM blocks base64-encoded, from their start). */
    private static final Pattern PEM = Pattern.compile("-----BEGIN |LS0tLS1CRUdJT");
    private static final Pattern JOIN_TOKEN = Pattern.compile("(jointoken=)[^&]*");

    private ConfigRedaction() {
    }

    /** The documents with their secrets replaced by {@link #REDACTED}; throws on text that is not YAML. */
    public static String redact(String text) {
        List<Node> documents = Yaml.composeAll(text);
        for (Node document : documents) {
            String kind = scalar(document, "kind");
            for (String path : SECRETS.getOrDefault(kind == null ? "" : kind, List.of())) {
                redactPath(document, path.split("\\."), 0);
            }
            if ("KubeEtcdEncryptionConfig".equals(kind)) {
                redactKeys(document, "secret");
            }
            if ("SideroLinkConfig".equals(kind)) {
                rewrite(document, "apiUrl", url -> JOIN_TOKEN.matcher(url).replaceAll("$1" + REDACTED));
            }
            redactPem(document);
        }
        return Yaml.dumpAll(documents);
    }

    private static void redactPath(Node node, String[] path, int at) {
        switch (node) {
            case MappingNode map -> {
                List<NodeTuple> tuples = map.getValue();
                for (int i = 0; i < tuples.size(); i++) {
                    NodeTuple t = tuples.get(i);
                    if (!(t.getKeyNode() instanceof ScalarNode key)
                            || !(path[at].equals("*") || path[at].equals(key.getValue()))) {
                        continue;
                    }
                    if (at == path.length - 1) {
                        tuples.set(i, redacted(t));
                    } else {
                        redactPath(t.getValueNode(), path, at + 1);
                    }
                }
            }
            case SequenceNode list when path[at].equals("*") -> {
                for (Node item : list.getValue()) {
                    if (at < path.length - 1) {
                        redactPath(item, path, at + 1);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Every value under a key called {@code name}, at any depth. */
    private static void redactKeys(Node node, String name) {
        switch (node) {
            case MappingNode map -> {
                List<NodeTuple> tuples = map.getValue();
                for (int i = 0; i < tuples.size(); i++) {
                    NodeTuple t = tuples.get(i);
                    if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name)) {
                        tuples.set(i, redacted(t));
                    } else {
                        redactKeys(t.getValueNode(), name);
                    }
                }
            }
            case SequenceNode list -> list.getValue().forEach(item -> redactKeys(item, name));
            default -> {
            }
        }
    }

    private static void redactPem(Node node) {
        switch (node) {
            case MappingNode map -> {
                List<NodeTuple> tuples = map.getValue();
                for (int i = 0; i < tuples.size(); i++) {
                    NodeTuple t = tuples.get(i);
                    if (t.getValueNode() instanceof ScalarNode value && PEM.matcher(value.getValue()).find()) {
                        tuples.set(i, redacted(t));
                    } else {
                        redactPem(t.getValueNode());
                    }
                }
            }
            case SequenceNode list -> {
                List<Node> items = list.getValue();
                for (int i = 0; i < items.size(); i++) {
                    if (items.get(i) instanceof ScalarNode value && PEM.matcher(value.getValue()).find()) {
                        items.set(i, replacement());
                    } else {
                        redactPem(items.get(i));
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void rewrite(Node document, String key, UnaryOperator<String> change) {
        if (document instanceof MappingNode map) {
            List<NodeTuple> tuples = map.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && t.getValueNode() instanceof ScalarNode v) {
                    tuples.set(i, new NodeTuple(k, new ScalarNode(Tag.STR, change.apply(v.getValue()),
                            ScalarStyle.PLAIN)));
                }
            }
        }
    }

    /** The tuple with its value replaced, unless the value is empty (or not a value at all, as Talos keeps it). */
    private static NodeTuple redacted(NodeTuple t) {
        if (t.getValueNode() instanceof ScalarNode value && (value.getValue().isEmpty()
                || value.getTag().equals(Tag.NULL))) {
            return t;
        }
        return new NodeTuple(t.getKeyNode(), replacement());
    }

    private static ScalarNode replacement() {
        return new ScalarNode(Tag.STR, REDACTED, ScalarStyle.DOUBLE_QUOTED);
    }

    private static String scalar(Node document, String key) {
        if (document instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)
                        && t.getValueNode() instanceof ScalarNode v) {
                    return v.getValue();
                }
            }
        }
        return null;
    }
}
