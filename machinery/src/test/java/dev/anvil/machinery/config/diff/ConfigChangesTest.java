package dev.anvil.machinery.config.diff;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigChangesTest {
    private static final String BASE = """
            version: v1alpha1
            machine:
              type: worker
              network:
                hostname: one
              install:
                disk: /dev/sda
            ---
            apiVersion: v1alpha1
            kind: LinkConfig
            name: eth0
            mtu: 1500
            """;

    private static ConfigBundle load(String text) {
        return ConfigLoader.load(text, false).config();
    }

    private static List<String> changes(String before, String after) {
        return ConfigChanges.between(load(before), load(after)).stream().map(Object::toString).toList();
    }

    @Test
    void sameDocuments_writtenDifferently_areNoChange() {
        String reordered = """
                # comments and order do not matter
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth0
                mtu: 1500
                ---
                machine:
                  install: {disk: /dev/sda}
                  type: worker
                  network: {hostname: one}
                  sysctls: {}
                version: v1alpha1
                """;
        assertThat(changes(BASE, reordered)).isEmpty();
    }

    @Test
    void changes_areNamedByDocumentAndKeys() {
        String changed = BASE.replace("hostname: one", "hostname: two").replace("/dev/sda", "/dev/vda")
                .replace("mtu: 1500", "mtu: 9000");
        assertThat(changes(BASE, changed)).containsExactly("v1alpha1: machine.network.hostname",
                "v1alpha1: machine.install.disk", "LinkConfig \"eth0\": mtu");
        var change = ConfigChanges.between(load(BASE), load(changed)).getFirst();
        assertThat(change.kind()).isEqualTo("v1alpha1");
        assertThat(change.under(List.of("machine", "network"))).isTrue();
        assertThat(change.under(List.of("machine", "install"))).isFalse();
    }

    @Test
    void addedAndRemovedDocuments_andSections_areChanges() {
        String more = BASE.replace("kind: LinkConfig\nname: eth0", "kind: LinkConfig\nname: eth1")
                + "---\napiVersion: v1alpha1\nkind: SysctlConfig\nparams:\n  net.ipv4.ip_forward: \"1\"\n";
        assertThat(changes(BASE, more)).containsExactly("LinkConfig \"eth0\"", "LinkConfig \"eth1\"",
                "SysctlConfig");
        String sysctls = BASE.replace("  type: worker\n", "  type: worker\n  sysctls:\n    vm.swappiness: \"10\"\n");
        assertThat(changes(BASE, sysctls)).containsExactly("v1alpha1: machine.sysctls.vm.swappiness");
        assertThat(ConfigChanges.between(load(BASE), load(sysctls)).getFirst().path())
                .containsExactly("machine", "sysctls", "vm.swappiness");
    }
}
