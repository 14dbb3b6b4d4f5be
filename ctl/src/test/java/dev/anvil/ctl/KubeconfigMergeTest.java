package dev.anvil.ctl;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge of a fresh admin kubeconfig into an existing one, as talosctl merges. */
class KubeconfigMergeTest {
    private static String config(String cluster, String server, String user, String context, String cert) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %3$s
                  user:
                    client-certificate-data: %5$s
                contexts:
                - name: %4$s
                  context:
                    cluster: %1$s
                    user: %3$s
                    namespace: default
                current-context: %4$s
                """.formatted(cluster, server, user, context, cert);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @Test
    void merge_addsTheNewEntries_andMakesItsContextCurrent() {
        String merged = KubeconfigCommand.merge(config("other", "https://1.2.3.4:6443", "admin@other",
                "admin@other", "AAA"), config("demo", "https://10.213.32.2:6443", "admin@demo", "admin@demo", "BBB"));
        Map<String, Object> m = load(merged);
        assertThat((List<Map<String, Object>>) m.get("contexts")).extracting(c -> c.get("name"))
                .containsExactly("admin@other", "admin@demo");
        assertThat(m.get("current-context")).isEqualTo("admin@demo");
    }

    @Test
    @SuppressWarnings("unchecked")
    void merge_renamesOnConflict_andReferencesFollow() {
        String merged = KubeconfigMergeTest.config("demo", "https://1.2.3.4:6443", "admin@demo", "admin@demo", "AAA");
        merged = KubeconfigCommand.merge(merged, config("demo", "https://10.213.32.2:6443", "admin@demo",
                "admin@demo", "BBB"));
        Map<String, Object> m = load(merged);
        assertThat((List<Map<String, Object>>) m.get("clusters")).extracting(c -> c.get("name"))
                .containsExactly("demo", "demo-1");
        assertThat(m.get("current-context")).isEqualTo("admin@demo-1");
        Map<String, Object> context = ((List<Map<String, Object>>) m.get("contexts")).getLast();
        assertThat((Map<String, Object>) context.get("context")).containsEntry("cluster", "demo-1")
                .containsEntry("user", "admin@demo-1");
    }

    @Test
    void merge_replacesAnIdenticalEntry_insteadOfDuplicatingIt() {
        String one = config("demo", "https://10.213.32.2:6443", "admin@demo", "admin@demo", "BBB");
        Map<String, Object> m = load(KubeconfigCommand.merge(one, one));
        assertThat((List<?>) m.get("clusters")).hasSize(1);
        assertThat(m.get("current-context")).isEqualTo("admin@demo");
    }
}
