package dev.anvil.ctl.cluster;

import dev.anvil.imager.ImageBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How the qemu provisioner sizes and boots its VMs: the image (vmlinuz, initramfs, rootfs.squashfs and the cmdline
 * file {@code anvilctl image build} writes), memory in MiB and vCPUs per role, the STATE disk's size in MiB (a
 * sparse file) and the accelerator (tcg, or kvm where /dev/kvm works).
 */
public record QemuOptions(Path imageDir, int memoryControlPlanes, int memoryWorkers, int cpusControlPlanes,
                          int cpusWorkers, int diskMiB, String accel) {
    public static final String DEFAULT_CMDLINE = "console=ttyS0 panic=10 quiet -- @/app/machined.args";

    public QemuOptions {
        if (memoryControlPlanes < 256 || memoryWorkers < 256) {
            throw new IllegalArgumentException("--memory: a node needs at least 256 MiB");
        }
        if (cpusControlPlanes < 1 || cpusWorkers < 1) {
            throw new IllegalArgumentException("--cpus: at least one");
        }
        if (diskMiB < 64) {
            throw new IllegalArgumentException("--disk: at least 64 MiB for the STATE disk");
        }
        if (!accel.equals("tcg") && !accel.equals("kvm")) {
            throw new IllegalArgumentException("accelerator " + accel + ": tcg or kvm");
        }
    }

    /** A CPU share as talosctl writes it ("2.0", "0.5") as whole vCPUs, rounding up. */
    static int vcpus(String share) {
        double value = Double.parseDouble(share);
        if (!(value > 0)) {
            throw new IllegalArgumentException("--cpus " + share + ": a positive number");
        }
        return (int) Math.ceil(value);
    }

    int memory(String role) {
        return role.equals(ClusterLayout.CONTROL_PLANE) ? memoryControlPlanes : memoryWorkers;
    }

    int cpus(String role) {
        return role.equals(ClusterLayout.CONTROL_PLANE) ? cpusControlPlanes : cpusWorkers;
    }

    Path kernel() {
        return imageDir.resolve("vmlinuz");
    }

    Path initramfs() {
        return imageDir.resolve(dev.anvil.imager.ImageBuilder.INITRAMFS);
    }

    Path rootfs() {
        return imageDir.resolve("rootfs.squashfs");
    }

    /** Fails, saying how to make one, when the image directory lacks a piece. */
    void checkImage() {
        for (Path file : new Path[] {kernel(), initramfs(), rootfs()}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no image at " + imageDir + " (" + file.getFileName()
                        + " is missing): run anvilctl image build, or give --image-dir");
            }
        }
    }

    /** The image's kernel command line with {@code ip} put before the arguments for init. */
    String cmdline(String ip) throws java.io.IOException {
        Path file = imageDir.resolve("cmdline");
        String base = Files.isRegularFile(file) ? Files.readString(file).strip() : DEFAULT_CMDLINE;
        return ImageBuilder.withKernelArgs(base, List.of(ip));
    }
}
