package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CgroupsTest {

    @Test
    void detect_prefersTheUnifiedHierarchy() {
        List<String> hybrid = List.of(
                "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0",
                "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid 0 0");
        assertThat(Cgroups.parse(hybrid)).hasValueSatisfying(c -> assertThat(c.unified()).isTrue());
        List<String> v1 = List.of("cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0");
        assertThat(Cgroups.parse(v1)).hasValueSatisfying(c -> assertThat(c.unified()).isFalse());
        assertThat(Cgroups.parse(List.of("proc /proc proc rw 0 0"))).isEmpty();
    }

    @Test
    void group_holdsASpawnedProcess_andIsRemovedWhenEmpty() throws Exception {
        var cgroups = Cgroups.detect();
        assumeTrue(cgroups.isPresent(), "this host offers no control groups");
        Cgroups.Group group = cgroups.get().create("anvil-test-" + ProcessHandle.current().pid());
        Child child = Spawner.spawn(ProcessSpec.of("/bin/sleep", "30").withOutput(ProcessSpec.Output.DISCARD));
        try {
            group.add(child.pid());
            group.limitMemory(64L << 20);
            assertThat(group.pids()).containsExactly(child.pid());
        } finally {
            child.signal(Child.SIGKILL);
            child.exit().get(5, TimeUnit.SECONDS);
            group.remove();
        }
        assertThat(group.dirs()).allSatisfy(d -> assertThat(d).doesNotExist());
    }
}
