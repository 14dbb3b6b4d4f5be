package dev.anvil.machinery.secrets;

import dev.anvil.machinery.config.v1alpha1.Pem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code secrets.yaml}: Talos's layout, lower-cased Go field names with four-space indentation, so a bundle Talos
 * wrote reads back and writes out byte for byte. Unknown keys are refused rather than dropped.
 */
public final class SecretsFile {

    private SecretsFile() {
    }

    public static String encode(SecretsBundle bundle) {
        var out = new StringBuilder();
        out.append("cluster:\n");
        field(out, 1, "id", bundle.cluster().id());
        field(out, 1, "secret", bundle.cluster().secret());
        out.append("secrets:\n");
        field(out, 1, "bootstraptoken", bundle.secrets().bootstrapToken());
        field(out, 1, "aescbcencryptionsecret", bundle.secrets().aescbcEncryptionSecret());
        field(out, 1, "secretboxencryptionsecret", bundle.secrets().secretboxEncryptionSecret());
        out.append("trustdinfo:\n");
        field(out, 1, "token", bundle.trustdInfo().token());
        out.append("certs:\n");
        pair(out, "etcd", bundle.certs().etcd());
        pair(out, "k8s", bundle.certs().k8s());
        pair(out, "k8saggregator", bundle.certs().k8sAggregator());
        out.append("    k8sserviceaccount:\n");
        field(out, 2, "key", bundle.certs().k8sServiceAccount().key());
        pair(out, "os", bundle.certs().os());
        return out.toString();
    }

    /** Parses and checks a bundle: every field present, every certificate and key parses and matches. */
    public static SecretsBundle parse(String yaml) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel("secrets").build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("secrets bundle is not valid YAML: " + e.getMessage(), e);
        }
        var top = new Section(root, "");
        top.only("cluster", "secrets", "trustdinfo", "certs");
        var cluster = top.section("cluster").only("id", "secret");
        var secrets = top.section("secrets").only("bootstraptoken", "aescbcencryptionsecret",
                "secretboxencryptionsecret");
        var trustd = top.section("trustdinfo").only("token");
        var certs = top.section("certs").only("etcd", "k8s", "k8saggregator", "k8sserviceaccount", "os");
        if (secrets.optional("aescbcencryptionsecret") == null && secrets.optional("secretboxencryptionsecret") == null) {
            throw new IllegalArgumentException("secrets.secretboxencryptionsecret is required");
        }
        var bundle = new SecretsBundle(
                new SecretsBundle.Cluster(cluster.required("id"), cluster.required("secret")),
                new SecretsBundle.Secrets(secrets.required("bootstraptoken"), secrets.optional("aescbcencryptionsecret"),
                        secrets.optional("secretboxencryptionsecret")),
                new SecretsBundle.TrustdInfo(trustd.required("token")),
                new SecretsBundle.Certs(pair(certs, "etcd"), pair(certs, "k8s"), pair(certs, "k8saggregator"),
                        new Pem.Key(certs.section("k8sserviceaccount").only("key").required("key")),
                        pair(certs, "os")));
        bundle.check();
        return bundle;
    }

    private static Pem.CertAndKey pair(Section certs, String name) {
        var section = certs.section(name).only("crt", "key");
        return new Pem.CertAndKey(section.required("crt"), section.required("key"));
    }

    private static void pair(StringBuilder out, String name, Pem.CertAndKey pair) {
        out.append("    ").append(name).append(":\n");
        field(out, 2, "crt", pair.crt());
        field(out, 2, "key", pair.key());
    }

    /** Every value is base64 or a token, which YAML takes as a plain scalar; absent values are left out. */
    private static void field(StringBuilder out, int depth, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.append("    ".repeat(depth)).append(key).append(": ").append(value).append('\n');
        }
    }

    /** A mapping of the file, with its dotted path for messages. */
    private record Section(Map<String, Object> fields, String path) {

        @SuppressWarnings("unchecked")
        Section(Object value, String path) {
            this(value instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : fail(path), path);
        }

        private static Map<String, Object> fail(String path) {
            throw new IllegalArgumentException((path.isEmpty() ? "the secrets bundle" : path) + " must be a mapping");
        }

        Section only(String... keys) {
            for (Object key : fields.keySet()) {
                if (!Set.of(keys).contains(String.valueOf(key))) {
                    throw new IllegalArgumentException("unknown field " + name(String.valueOf(key))
                            + " (known: " + String.join(", ", List.of(keys)) + ")");
                }
            }
            return this;
        }

        Section section(String key) {
            Object value = fields.get(key);
            if (value == null) {
                throw new IllegalArgumentException(name(key) + " is required");
            }
            return new Section(value, name(key));
        }

        String required(String key) {
            String value = optional(key);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(name(key) + " is required");
            }
            return value;
        }

        String optional(String key) {
            Object value = fields.get(key);
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException(name(key) + " must be a string");
            }
            return (String) value;
        }

        private String name(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
