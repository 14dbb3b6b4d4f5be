package dev.anvil.e2e.image;

import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One qemu guest booting the image: TCG (KVM with ANVIL_QEMU_ACCEL=kvm), the squashfs root as a read-only virtio
 * disk, an optional STATE disk, and a user-mode network with {@code restrict=on} (the guest reaches nothing outside)
 * whose only opening is the API forwarded from 127.0.0.1:{@link #port} to the guest's port 50000. The serial console
 * goes to a log file. Closing kills qemu by its PID if it still runs.
 */
final class QemuVm implements AutoCloseable {
    /** The guest network: qemu's user-mode network on this test's CIDR; the guest is .15, as qemu's DHCP would. */
    static final String NET = "10.213.40.0/24";
    static final String GUEST_IP = "ip=10.213.40.15::10.213.40.2:255.255.255.0:anvil:eth0:off";

    private final Child qemu;
    private final Path console;
    final int port;

    private QemuVm(Child qemu, Path console, int port) {
        this.qemu = qemu;
        this.console = console;
        this.port = port;
    }

    /** Boots {@code kernel} + {@code initramfs} with the image's root and, when not null, {@code stateDisk}. */
    static QemuVm boot(Path kernel, Path initramfs, Path rootfs, Path stateDisk, Path console, String cmdline)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-kernel", kernel.toString(), "-initrd", initramfs.toString(),
                "-append", cmdline));
        if (rootfs != null) {
            args.addAll(List.of("-drive", "file=" + rootfs + ",if=virtio,format=raw,readonly=on"));
        }
        if (stateDisk != null) {
            args.addAll(List.of("-drive", "file=" + stateDisk + ",if=virtio,format=raw"));
        }
        return start(args, console);
    }

    /** Starts qemu with this class's accelerator, memory, console and network, and {@code machine}'s arguments. */
    static QemuVm start(List<String> machine, Path console) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-accel", System.getenv().getOrDefault("ANVIL_QEMU_ACCEL", "tcg"),
                "-m", "1024", "-nographic", "-no-user-config",
                "-netdev", "user,id=n0,restrict=on,net=" + NET + ",hostfwd=tcp:127.0.0.1:" + port + "-:50000",
                "-device", "virtio-net-pci,netdev=n0"));
        args.addAll(machine);
        Child child = Spawner.spawn(new ProcessSpec(qemuBinary(), args, Map.of("PATH", "/usr/bin:/bin"),
                ProcessSpec.Output.CAPTURE, true));
        QemuVm vm = new QemuVm(child, console, port);
        Thread.ofVirtual().start(() -> vm.pump(child.output()));
        return vm;
    }

    static String qemuBinary() throws IOException {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "qemu-system-x86_64"))) {
                return dir + "/qemu-system-x86_64";
            }
        }
        throw new IOException("qemu-system-x86_64 is missing: scripts/setup installs qemu-system-x86");
    }

    private void pump(InputStream in) {
        try (in; OutputStream out = Files.newOutputStream(console, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // qemu ended
        }
    }

    String console() throws IOException {
        return Files.exists(console) ? Files.readString(console, StandardCharsets.ISO_8859_1) : "";
    }

    /** Waits until the console shows {@code marker} {@code times} times in all; fails when qemu ends first. */
    void awaitConsole(String marker, int times, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = console();
            if (text.split(java.util.regex.Pattern.quote(marker), -1).length - 1 >= times) {
                return;
            }
            if (qemu.exit().isDone()) {
                throw new IllegalStateException("qemu ended before the console showed '" + marker + "':\n" + tail());
            }
            Thread.sleep(200);
        }
        throw new TimeoutException("no '" + marker + "' on the console within " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        String text = console();
        return text.substring(Math.max(0, text.length() - 6000));
    }

    ExitStatus awaitExit(Duration timeout) throws Exception {
        return qemu.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    long pid() {
        return qemu.pid();
    }

    @Override
    public void close() throws Exception {
        if (!qemu.exit().isDone()) {
            qemu.signal(Child.SIGKILL);
            qemu.exit().get(30, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
