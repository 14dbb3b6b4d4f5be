package dev.anvil.machinery.config.diff;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.document.ConfigDocument;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What differs between two configs, document by document and key by key. Documents are matched by kind and name,
 * so their order does not matter; each is compared in its canonical encoding, so neither do comments, key order or
 * the way a value is written. A value that is absent, null or an empty list or mapping counts as unset, and unset
 * equals unset. A change is reported at the deepest mapping key where the two differ; a list is one value.
 */
public final class ConfigChanges {
    private static final LoadSettings LOAD = LoadSettings.builder().setSchema(new CoreSchema()).build();

    private ConfigChanges() {
    }

    /** One difference: in which document (its kind and label) and at which keys; no keys: the whole document. */
    public record Change(String kind, String document, List<String> path) {
        public Change {
            path = List.copyOf(path);
        }

        public boolean under(List<String> prefix) {
            return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
        }

        /** {@code v1alpha1: machine.install.disk}, or {@code EnvironmentConfig} for a whole document. */
        @Override
        public String toString() {
            return path.isEmpty() ? document : document + ": " + String.join(".", path);
        }
    }

    public static List<Change> between(ConfigBundle before, ConfigBundle after) {
        Map<String, ConfigDocument> old = byLabel(before);
        Map<String, ConfigDocument> now = byLabel(after);
        Set<String> labels = new LinkedHashSet<>(old.keySet());
        labels.addAll(now.keySet());
        List<Change> changes = new ArrayList<>();
        for (String label : labels) {
            ConfigDocument a = old.get(label);
            ConfigDocument b = now.get(label);
            String kind = (a != null ? a : b).kind();
            if (a == null || b == null) {
                changes.add(new Change(kind, label, List.of()));
            } else if (!a.equals(b)) {
                compare(tree(a), tree(b), new ArrayList<>(), kind, label, changes);
            }
        }
        return changes;
    }

    private static Map<String, ConfigDocument> byLabel(ConfigBundle config) {
        Map<String, ConfigDocument> documents = new LinkedHashMap<>();
        config.documents().forEach(d -> documents.put(d.label(), d));
        return documents;
    }

    private static Object tree(ConfigDocument document) {
        return new Load(LOAD).loadFromString(ConfigEncoder.encode(new ConfigBundle(List.of(document))));
    }

    private static void compare(Object a, Object b, List<String> path, String kind, String label,
            List<Change> changes) {
        if (unset(a) && unset(b)) {
            return;
        }
        if ((a instanceof Map<?, ?> || unset(a)) && (b instanceof Map<?, ?> || unset(b))) {
            Map<?, ?> x = a instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> y = b instanceof Map<?, ?> m ? m : Map.of();
            Set<Object> keys = new LinkedHashSet<>(x.keySet());
            keys.addAll(y.keySet());
            for (Object key : keys) {
                path.add(String.valueOf(key));
                compare(x.get(key), y.get(key), path, kind, label, changes);
                path.removeLast();
            }
        } else if (a == null || !a.equals(b)) {
            changes.add(new Change(kind, label, path));
        }
    }

    private static boolean unset(Object value) {
        return value == null || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof Collection<?> c && c.isEmpty();
    }
}
