package dev.anvil.machined.containerd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ControlGroupMountsTest {
    @Test
    void hierarchies_areMountedAsTheHostLaysThemOut() {
        var found = ControlGroupMounts.hierarchies(List.of("12:cpu,cpuacct:/user.slice", "9:name=systemd:/",
                "4:memory:/x", "0::/init.scope"));
        assertThat(found).extracting(ControlGroupMounts.Hierarchy::directory)
                .containsExactly("cpu,cpuacct", "systemd", "memory", "unified");
        assertThat(found).extracting(ControlGroupMounts.Hierarchy::options)
                .startsWith("cpu,cpuacct", "none,name=systemd", "memory");
    }

    @Test
    void unifiedOnly_isOneHierarchyWithoutControllers() {
        assertThat(ControlGroupMounts.hierarchies(List.of("0::/"))).allMatch(ControlGroupMounts.Hierarchy::unified);
    }
}
