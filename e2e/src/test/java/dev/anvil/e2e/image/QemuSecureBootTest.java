package dev.anvil.e2e.image;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secure Boot under qemu with Debian's OVMF: the firmware's variable store whose PK, KEK and db hold Debian's
 * "snakeoil" test key (its key and certificate ship in the ovmf package), a swtpm TPM 2.0, and the image as a
 * unified kernel image on an EFI system partition (qemu's vvfat). Signed with the snakeoil key it boots, and the
 * node reports Secure Boot and a UKI boot (SecurityState) and, once configured, the TPM's PCR 7 (the Secure Boot
 * policy measurement) through the API; unsigned, the firmware refuses it.
 */
@Tag("e2e")
class QemuSecureBootTest {
    private static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd");
    private static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd");
    private static final Path SNAKEOIL_KEY = Path.of("/usr/share/ovmf/PkKek-1-snakeoil.key");
    private static final Path SNAKEOIL_CERT = Path.of("/usr/share/ovmf/PkKek-1-snakeoil.pem");

    @TempDir
    Path work;
    private HostCommand host;

    @BeforeEach
    void host() {
        for (Path needed : List.of(OVMF_CODE, OVMF_VARS, SNAKEOIL_KEY, SNAKEOIL_CERT, Path.of("/usr/bin/swtpm"),
                Path.of("/usr/bin/sbsign"))) {
            assertThat(needed).as("scripts/setup installs ovmf, swtpm and sbsigntool").exists();
        }
        host = new HostCommand(work.resolve("home"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void signedUki_bootsUnderSecureBoot_andTheNodeReportsItAndItsPcrs() throws Exception {
        // Debian's snakeoil key is encrypted with the password the package's README gives; sbsign wants it plain
        Path key = work.resolve("snakeoil.key");
        host.tool("/usr/bin/openssl", "pkey", "-in", SNAKEOIL_KEY.toString(), "-passin", "pass:snakeoil", "-out",
                key.toString());
        Path esp = uki(List.of("--signing-key", key.toString(), "--signing-cert", SNAKEOIL_CERT.toString()));
        Path state = blankDisk("state.raw");

        try (Swtpm tpm = Swtpm.start(work.resolve("tpm"));
             QemuVm vm = QemuVm.start(firmware(esp, tpm, List.of("-drive", "file=" + ImageFixture.rootfs()
                     + ",if=virtio,format=raw,readonly=on", "-drive", "file=" + state + ",if=virtio,format=raw")),
                     work.resolve("console.log"))) {
            String endpoint = "127.0.0.1:" + vm.port;
            vm.awaitConsole("machined: maintenance API listening", 1, Duration.ofMinutes(10));
            assertThat(vm.console()).contains("root verified by dm-verity");
            assertThat(host.anvilctl("get", "securitystate", "--insecure", "-e", endpoint, "-o", "yaml"))
                    .contains("secureBoot: true").contains("bootedWithUKI: true");

            Path config = Files.createDirectories(work.resolve("config"));
            host.anvilctl("gen", "config", "anvil-sb", "https://10.213.40.15:6443", "--output-dir",
                    config.toString(), "-t", "controlplane,talosconfig", "--additional-sans", "127.0.0.1");
            // a control plane: its API certificate comes from its own trustd (a lone worker would wait for one)
            host.anvilctl("apply-config", "--insecure", "-e", endpoint, "--file",
                    config.resolve("controlplane.yaml").toString());
            vm.awaitConsole("machined: booting as init", 2, Duration.ofMinutes(4));
            vm.awaitConsole("machined: API listening", 1, Duration.ofMinutes(10));
            String[] node = {"--talosconfig", config.resolve("anvilconfig").toString(), "-e", endpoint};
            await().atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                    assertThat(host.anvilctl(node, "version")).contains("Server:"));
            // the firmware measured the Secure Boot policy into PCR 7: not the all-zero value of an unused PCR
            String pcr7 = host.anvilctl(node, "read", "/sys/class/tpm/tpm0/pcr-sha256/7").trim();
            assertThat(pcr7).matches("[0-9A-Fa-f]{64}").isNotEqualTo("0".repeat(64));
            System.out.println("FIGURE Secure Boot + UKI boot under TCG: PCR 7 = " + pcr7);

            host.anvilctl(node, "shutdown", "--wait=false");
            assertThat(vm.awaitExit(Duration.ofMinutes(3)).success()).isTrue();
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void unsignedUki_isRefusedByTheFirmware() throws Exception {
        Path esp = uki(List.of());
        try (Swtpm tpm = Swtpm.start(work.resolve("tpm"));
             QemuVm vm = QemuVm.start(firmware(esp, tpm, List.of("-drive", "file=" + ImageFixture.rootfs()
                     + ",if=virtio,format=raw,readonly=on")), work.resolve("console.log"))) {
            vm.awaitConsole("Access Denied", 1, Duration.ofMinutes(8));
            assertThat(vm.console()).doesNotContain("machined: booting as init");
        }
    }

    /** An EFI system partition directory holding the image's UKI as the removable-media boot file. */
    private Path uki(List<String> signing) throws Exception {
        Path esp = Files.createDirectories(work.resolve("esp/EFI/BOOT"));
        List<String> args = new ArrayList<>(List.of("image", "uki", "--image", ImageFixture.image().toString(),
                "--extra-kernel-arg", QemuVm.GUEST_IP, "-o",
                esp.resolve("BOOTX64.EFI").toString()));
        args.addAll(signing);
        host.anvilctl(args.toArray(String[]::new));
        return work.resolve("esp");
    }

    /** OVMF with Secure Boot enforced (SMM, secure flash), the snakeoil variable store, the ESP and the TPM. */
    private List<String> firmware(Path esp, Swtpm tpm, List<String> disks) throws IOException {
        Path vars = Files.copy(OVMF_VARS, work.resolve("vars.fd"));
        List<String> args = new ArrayList<>(List.of("-machine", "q35,smm=on",
                "-global", "driver=cfi.pflash01,property=secure,value=on",
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,unit=1,file=" + vars,
                "-drive", "file=fat:" + esp + ",format=raw,if=virtio,readonly=on",
                "-chardev", "socket,id=chrtpm,path=" + tpm.socket(), "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
                "-device", "tpm-tis,tpmdev=tpm0"));
        args.addAll(disks);
        return args;
    }

    private Path blankDisk(String name) throws IOException {
        Path disk = work.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(512L << 20);
        }
        return disk;
    }

    /** A software TPM 2.0 serving qemu on a unix socket; closing ends it by its PID. */
    private record Swtpm(Child process, Path socket) implements AutoCloseable {
        static Swtpm start(Path dir) throws Exception {
            Files.createDirectories(dir);
            Path socket = dir.resolve("swtpm.sock");
            Child child = Spawner.spawn(new ProcessSpec("/usr/bin/swtpm", List.of("socket", "--tpm2", "--tpmstate",
                    "dir=" + dir, "--ctrl", "type=unixio,path=" + socket), Map.of(), ProcessSpec.Output.INHERIT,
                    true));
            await().atMost(10, TimeUnit.SECONDS).until(() -> Files.exists(socket) || child.exit().isDone());
            assertThat(child.exit().isDone()).as("swtpm ended at once").isFalse();
            return new Swtpm(child, socket);
        }

        @Override
        public void close() throws Exception {
            if (!process.exit().isDone()) {
                process.signal(Child.SIGKILL);
                process.exit().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
