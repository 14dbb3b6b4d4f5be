package dev.anvil.imager;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentsRuleTest {
    @Test
    void violations_namesShellsPackageManagersAndRemoteLogin() {
        assertThat(ContentsRule.violations(List.of("rootfs:/usr/bin/etcd", "rootfs:/usr/bin/sh",
                "initramfs:/bin/busybox", "rootfs:/usr/bin/dpkg", "rootfs:/usr/sbin/sshd", "rootfs:/usr/bin/bash",
                "rootfs:/usr/sbin/mkfs.ext4", "initramfs:/jre/bin/java")))
                .containsExactly("initramfs:/bin/busybox", "rootfs:/usr/bin/bash", "rootfs:/usr/bin/dpkg",
                        "rootfs:/usr/bin/sh", "rootfs:/usr/sbin/sshd");
    }

    @Test
    void violations_judgesTheFileNameNotTheDirectory() {
        assertThat(ContentsRule.violations(List.of("rootfs:/usr/share/sh/readme", "rootfs:/usr/bin/shred",
                "rootfs:/etc/ssh-known"))).isEmpty();
    }
}
