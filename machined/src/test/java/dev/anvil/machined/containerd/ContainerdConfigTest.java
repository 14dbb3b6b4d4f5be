package dev.anvil.machined.containerd;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerdConfigTest {
    @Test
    void nodeConfig_hasTheNodesPaths_andNoCriPlugin() {
        String toml = ContainerdConfig.NODE.toml();
        assertThat(toml).startsWith("version = 2\n")
                .contains("root = \"/var/lib/containerd\"", "state = \"/run/containerd\"",
                        "address = \"/run/containerd/containerd.sock\"",
                        "address = \"/run/containerd/containerd.sock.ttrpc\"", "\"io.containerd.grpc.v1.cri\"");
    }

    @Test
    void strings_areTomlBasicStrings() {
        assertThat(ContainerdConfig.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    }
}
