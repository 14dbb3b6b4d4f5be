package dev.anvil.machined.containerd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OciSpecTest {
    private static final OciImage.RunConfig BUSYBOX = new OciImage.RunConfig(List.of(), List.of("/bin/sh"),
            List.of("PATH=/bin"), "/");

    @Test
    void givenArgs_replaceTheImagesCmd_afterItsEntrypoint() {
        var image = new OciImage.RunConfig(List.of("/bin/tini", "--"), List.of("serve"), List.of("PATH=/bin"), "/srv");
        OciSpec spec = OciSpec.forImage(image, List.of("echo", "hi"), List.of("A=1"), "/anvil/n/x");
        assertThat(spec.args()).containsExactly("/bin/tini", "--", "echo", "hi");
        assertThat(spec.env()).containsExactly("PATH=/bin", "A=1");
        assertThat(spec.cwd()).isEqualTo("/srv");
        assertThat(OciSpec.forImage(image, List.of(), List.of(), "/x").args()).containsExactly("/bin/tini", "--",
                "serve");
    }

    @Test
    void noCommand_isRefused() {
        var empty = new OciImage.RunConfig(List.of(), List.of(), List.of(), "/");
        assertThatThrownBy(() -> OciSpec.forImage(empty, List.of(), List.of(), "/x"))
                .hasMessageContaining("needs a command");
    }

    @Test
    @SuppressWarnings("unchecked")
    void json_isARuntimeSpecRuncReads() {
        String json = OciSpec.forImage(BUSYBOX, List.of("/bin/sh", "-c", "echo \"quoted\""), List.of(), "/anvil/n/x")
                .json();
        Map<String, Object> spec = JsonValue.readObject(json.getBytes(StandardCharsets.UTF_8), "spec");
        assertThat(spec.get("ociVersion")).isEqualTo("1.0.2");
        var process = (Map<String, Object>) spec.get("process");
        assertThat(process.get("args")).isEqualTo(List.of("/bin/sh", "-c", "echo \"quoted\""));
        assertThat(process.get("noNewPrivileges")).isEqualTo(true);
        assertThat(((Map<String, Object>) spec.get("root")).get("path")).isEqualTo("rootfs");
        assertThat((List<Map<String, Object>>) spec.get("mounts")).extracting(m -> m.get("destination"))
                .contains("/proc", "/dev", "/dev/pts", "/sys");
        var linux = (Map<String, Object>) spec.get("linux");
        assertThat((List<Map<String, Object>>) linux.get("namespaces")).extracting(n -> n.get("type"))
                .containsExactly("pid", "ipc", "mount");
        assertThat(linux.get("cgroupsPath")).isEqualTo("/anvil/n/x");
    }
}
