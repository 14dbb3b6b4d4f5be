package dev.anvil.e2e.image;

import dev.anvil.imager.ContentsRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image booted under qemu with machined as init, driven from the host through the API forwarded to 127.0.0.1:
 * maintenance mode, a config applied with anvilctl (the node formats its blank STATE disk on first boot, stores the
 * config there and reboots into it), then over mutual TLS: hostname and a kernel-global sysctl applied, services,
 * a read-only squashfs root without a shell, the disks listed (in maintenance mode too) with the by-label link init
 * made for STATE; at last a clean power-off, after which qemu exits.
 */
@Tag("e2e")
class QemuBootTest {
    @TempDir
    Path work;
    private HostCommand host;

    @BeforeEach
    void host() {
        host = new HostCommand(work.resolve("home"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void maintenance_applyConfig_rebootsIntoIt_thenPowersOff() throws Exception {
        Path state = work.resolve("state.raw");
        try (RandomAccessFile disk = new RandomAccessFile(state.toFile(), "rw")) {
            disk.setLength(512L << 20);
        }
        String cmdline = ImageFixture.bootWords() + " " + QemuVm.GUEST_IP + " -- @/app/machined.args";
        try (QemuVm vm = QemuVm.boot(ImageFixture.kernel(), ImageFixture.initramfs(), ImageFixture.rootfs(), state,
                work.resolve("console.log"), cmdline)) {
            String endpoint = "127.0.0.1:" + vm.port;
            vm.awaitConsole("machined: maintenance API listening", 1, Duration.ofMinutes(8));
            assertThat(vm.console()).contains("certificate fingerprint").contains("formatting a blank disk as STATE")
                    .contains("root verified by dm-verity");
            assertThat(host.anvilctl("version", "--insecure", "-e", endpoint)).contains("Server:");
            // a reader (all a maintenance-mode caller is) may list the disks, to choose one to install on
            await().atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(host.anvilctl("get", "disks", "--insecure", "-e", endpoint))
                            .containsPattern("(?m) vdb +\\d+ +537 MB "));

            Path config = Files.createDirectories(work.resolve("config"));
            Files.writeString(work.resolve("patch.yaml"), """
                    machine:
                      network:
                        hostname: anvil-qemu
                      sysctls:
                        vm.swappiness: "17"
                    """);
            host.anvilctl("gen", "config", "anvil-qemu", "https://10.213.40.15:6443", "--output-dir",
                    config.toString(), "-t", "controlplane,talosconfig", "--additional-sans", "127.0.0.1",
                    "--config-patch", "@" + work.resolve("patch.yaml"));
            host.anvilctl("apply-config", "--insecure", "-e", endpoint, "--file",
                    config.resolve("controlplane.yaml").toString());

            // the applied config is stored on STATE and the node reboots (reboot(2): qemu restarts the guest)
            vm.awaitConsole("machined: booting as init", 2, Duration.ofMinutes(4));
            vm.awaitConsole("machined: API listening", 1, Duration.ofMinutes(8));
            assertThat(vm.console()).contains("STATE mounted").contains("booting from the persisted config");
            String[] node = {"--talosconfig", config.resolve("anvilconfig").toString(), "-e", endpoint};
            assertThat(host.anvilctl(node, "version")).contains("Server:");
            await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                assertThat(host.anvilctl(node, "read", "/proc/sys/kernel/hostname").trim())
                        .isEqualTo("anvil-qemu");
                assertThat(host.anvilctl(node, "read", "/proc/sys/vm/swappiness").trim()).isEqualTo("17");
            });
            assertThat(host.anvilctl(node, "service")).contains("etcd");
            assertThat(host.anvilctl(node, "read", "/proc/mounts"))
                    .containsPattern("(?m)^/dev/dm-0 / squashfs ro[,\\s]")
                    .containsPattern("(?m)^/dev/vdb /system/state ext4 rw");
            // vda, the squashfs, is attached read-only
            assertThat(host.anvilctl(node, "get", "disks")).containsPattern("(?m) vda +\\d+ +[0-9.]+ MB +true +virtio ")
                    .containsPattern("(?m) vdb +\\d+ +537 MB +false +virtio ");
            assertThat(host.anvilctl(node, "get", "disk", "vdb", "-o", "yaml")).contains("size: " + (512L << 20))
                    .contains("/dev/disk/by-label/STATE");
            // no udevd: init made the links from the disks' superblocks
            assertThat(host.anvilctl(node, "list", "/dev/disk/by-label").lines().map(String::trim)).contains("STATE");
            assertThat(host.anvilctl(node, "get", "discoveredvolumes"))
                    .containsPattern("(?m) vda +\\d+ +disk +[0-9.]+ MB +squashfs")
                    .containsPattern("(?m) vdb +\\d+ +disk +537 MB +ext4 +STATE");

            List<String> binaries = new ArrayList<>();
            for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
                String listed = host.anvilctlAllowingFailure(node, "list", dir);
                // one node, no --long: one relative name a line, the directory itself as "."
                listed.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.equals(".") && !l.contains(" "))
                        .forEach(name -> binaries.add(dir + "/" + name));
            }
            assertThat(binaries).contains("/usr/bin/etcd", "/usr/sbin/runc");
            assertThat(ContentsRule.violations(binaries)).as("shells and the like on the running node").isEmpty();

            host.anvilctl(node, "shutdown", "--wait=false");
            assertThat(vm.awaitExit(Duration.ofMinutes(3)).success()).isTrue();
            assertThat(vm.console()).contains("machined: powering off");
        }
    }

    /**
     * One flipped byte in the root image (in the squashfs superblock, which every mount reads): dm-verity refuses
     * the block, the root does not mount, and init says why before it reboots, instead of running a changed root.
     */
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void tamperedRoot_failsVerification_andInitRebootsSayingWhy() throws Exception {
        Path rootfs = Files.copy(ImageFixture.rootfs(), work.resolve("rootfs.squashfs"));
        try (RandomAccessFile image = new RandomAccessFile(rootfs.toFile(), "rw")) {
            image.seek(100);
            int b = image.read();
            image.seek(100);
            image.write(b ^ 0x10);
        }
        String cmdline = ImageFixture.bootWords() + " " + QemuVm.GUEST_IP + " -- @/app/machined.args";
        try (QemuVm vm = QemuVm.boot(ImageFixture.kernel(), ImageFixture.initramfs(), rootfs, null,
                work.resolve("console.log"), cmdline)) {
            vm.awaitConsole("fatal: rebooting in", 1, Duration.ofMinutes(8));
            assertThat(vm.console()).contains("root verified by dm-verity").containsPattern("verity.*corrupted")
                    .doesNotContain("maintenance API listening");
        }
    }
}
