package dev.anvil.machined.pid1;

import dev.anvil.machined.controllers.network.KernelCmdline;
import dev.anvil.machined.lifecycle.Lifecycle;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.kernel.ModuleIndex;
import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.KernelModules;
import dev.anvil.sys.Mounts;
import dev.anvil.sys.Power;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Reaper;
import dev.anvil.sys.RootSwitch;
import dev.anvil.sys.Spawner;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * machined as the booted system's /init (DESIGN.md, mode pid1). The kernel starts the JVM from the initramfs with
 * nothing mounted; {@link #boot} makes the system machined runs on, in order:
 * <ol>
 * <li>/proc, /sys, devtmpfs on /dev and a tmpfs on /run; the log goes to /dev/kmsg besides the console;</li>
 * <li>drivers for the devices present (by modalias, there is no udevd) and the filesystems the boot needs;</li>
 * <li>the root: the disk holding the image's squashfs (through dm-verity when the boot entry gives its root hash:
 * {@link VerityRoot}), mounted read-only on /newroot, with the initramfs's /jre,
 * /app and /lib/modules bound into it and the early mounts moved over; then the switch onto it. The JVM keeps
 * running from the initramfs files it has open (one JVM start; the JRE is stored once, in the initramfs);</li>
 * <li>writable places: tmpfs on /tmp, /var and /system, an overlay on /etc, cgroup2;</li>
 * <li>STATE on /system/state: the ext4 disk labelled STATE, or a blank disk formatted as one (mkfs.ext4 from the
 * root), or, with neither, a tmpfs (the config is then lost at reboot; the log says so);</li>
 * <li>the /dev/disk/by-* links udevd would make ({@link DiskLinks}), kept up to date from then on.</li>
 * </ol>
 * Anything failing here is fatal: {@link #fatal} prints why and reboots after a delay; init never exits.
 */
public final class Pid1 {
    static final Path NEW_ROOT = Path.of("/newroot");
    /** Filesystems the boot mounts; ext4 asks for crc32c by name, which only modprobe would load for it. */
    static final List<String> BOOT_MODULES = List.of("squashfs", "crc32c_generic", "ext4", "overlay");
    private static final Duration FATAL_DELAY = Duration.ofSeconds(10);

    private Pid1() {
    }

    /**
     * True when this process is the booted system's init: PID 1 with no /proc yet (the kernel mounts nothing for
     * init; the container launcher mounts /proc before it starts machined, which is PID 1 of its namespace).
     */
    public static boolean detect() {
        return ProcessHandle.current().pid() == 1 && !Files.exists(Path.of("/proc/self"));
    }

    /** Mounts, drivers, root switch and STATE; see the class comment. The running kernel's modules directory. */
    public static Path boot() throws IOException, InterruptedException {
        mkdirs("/proc", "/sys", "/dev", "/run");
        Mounts.mount("proc", "/proc", "proc", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, null);
        Mounts.mount("sysfs", "/sys", "sysfs", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC, null);
        Mounts.mount("devtmpfs", "/dev", "devtmpfs", Mounts.MS_NOSUID, "mode=0755");
        Mounts.mount("tmpfs", "/run", "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "mode=0755");
        logToKmsg();
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        Log.info("booting as init", "kernel", release);
        Path modules = Path.of("/lib/modules", release);
        ModaliasLoader loader = new ModaliasLoader(ModuleIndex.read(modules), modules, KernelModules::load);
        var drivers = loader.loadForDevices(Path.of("/sys/bus"));
        BOOT_MODULES.forEach(loader::load);
        Log.info("kernel modules loaded", "drivers", String.join(",", drivers));

        List<BlockDevices.Disk> disks = BlockDevices.list(Path.of("/sys/block"), Path.of("/dev"));
        BlockDevices.Disk rootDisk = disks.stream().filter(d -> d.content() == BlockDevices.Content.SQUASHFS)
                .findFirst().orElseThrow(() -> new IOException("no disk holds the image's squashfs root; disks: "
                        + disks));
        long size = Long.parseLong(Files.readString(Path.of("/sys/class/block", rootDisk.name(), "size")).trim())
                * 512;
        Optional<String> rootHash = KernelCmdline.read(KernelCmdline.PID1_MODE).all(VerityRoot.CMDLINE_KEY).stream()
                .reduce((first, last) -> last);
        switchRoot(VerityRoot.open(rootDisk.device(), size, rootHash, loader));
        Mounts.mount("tmpfs", "/tmp", "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "mode=1777");
        Mounts.mount("tmpfs", "/var", "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "mode=0755");
        Mounts.mount("tmpfs", "/system", "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "mode=0755");
        mkdirs("/run/etc/upper", "/run/etc/work", "/system/state", "/sys/fs/cgroup");
        Mounts.mount("overlay", "/etc", "overlay", Mounts.MS_NOSUID | Mounts.MS_NODEV,
                "lowerdir=/etc,upperdir=/run/etc/upper,workdir=/run/etc/work");
        Mounts.mount("cgroup2", "/sys/fs/cgroup", "cgroup2", Mounts.MS_NOSUID | Mounts.MS_NODEV | Mounts.MS_NOEXEC,
                null);
        mountEfiVariables(loader);
        Reaper.get();
        mountState(disks);
        DiskLinks.keepUpdated(Path.of("/sys"), Path.of("/dev"));
        return modules;
    }

    /** The firmware's variables (Secure Boot state, the boot loader's), when the system booted through EFI. */
    private static void mountEfiVariables(ModaliasLoader loader) throws IOException {
        Path efivars = Path.of("/sys/firmware/efi/efivars");
        if (!Files.isDirectory(Path.of("/sys/firmware/efi"))) {
            return;
        }
        loader.load("efivarfs");
        Mounts.mount("efivarfs", efivars.toString(), "efivarfs", Mounts.MS_NOSUID | Mounts.MS_NODEV
                | Mounts.MS_NOEXEC, null);
    }

    private static void switchRoot(Path rootDevice) throws IOException {
        mkdirs(NEW_ROOT.toString());
        Mounts.mount(rootDevice.toString(), NEW_ROOT.toString(), "squashfs", Mounts.MS_RDONLY, null);
        for (String dir : List.of("/jre", "/app", "/lib/modules")) {
            Mounts.bind(dir, NEW_ROOT + dir);
            // the initramfs is writable; what it lends the root is not
            Mounts.mount(null, NEW_ROOT + dir, null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
        }
        for (String dir : List.of("/proc", "/sys", "/dev", "/run")) {
            Mounts.move(dir, NEW_ROOT + dir);
        }
        RootSwitch.switchTo(NEW_ROOT.toString());
        Log.info("root switched", "device", rootDevice.toString());
    }

    private static void mountState(List<BlockDevices.Disk> disks) throws IOException, InterruptedException {
        Optional<BlockDevices.Disk> state = disks.stream()
                .filter(d -> d.content() == BlockDevices.Content.EXT4 && d.label().equals("STATE")).findFirst();
        if (state.isEmpty()) {
            state = disks.stream().filter(d -> d.content() == BlockDevices.Content.BLANK).findFirst();
            if (state.isPresent()) {
                format(state.get());
            }
        }
        if (state.isEmpty()) {
            Mounts.mount("tmpfs", "/system/state", "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "mode=0700");
            Log.warn("no STATE disk (ext4 labelled STATE, or a blank disk to format): the config lives in memory"
                    + " and is lost at reboot");
            return;
        }
        if (!Files.exists(state.get().device()) || !Files.isDirectory(Path.of("/system/state"))) {
            throw new IOException("STATE: " + state.get().device() + " or /system/state is missing");
        }
        Mounts.mount(state.get().device().toString(), "/system/state", "ext4", Mounts.MS_NOSUID | Mounts.MS_NODEV,
                null);
        Log.info("STATE mounted", "disk", state.get().device().toString());
    }

    private static void format(BlockDevices.Disk disk) throws IOException, InterruptedException {
        Log.info("formatting a blank disk as STATE", "disk", disk.device().toString());
        Child mkfs = Spawner.spawn(ProcessSpec.of("/usr/sbin/mkfs.ext4", "-q", "-F", "-L", "STATE",
                disk.device().toString()).withOutput(ProcessSpec.Output.INHERIT));
        ExitStatus status;
        try {
            status = mkfs.exit().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("mkfs.ext4 " + disk.device(), e.getCause());
        }
        if (!status.success()) {
            throw new IOException("mkfs.ext4 " + disk.device() + " failed: " + status);
        }
        Log.info("formatted", "disk", disk.device().toString(), "mkfs", status.toString(), "now",
                BlockDevices.probe(disk.name(), disk.device()).content().name());
    }

    /** Each log line goes to the kernel log too, so that it is in dmesg. */
    private static void logToKmsg() {
        try {
            OutputStream kmsg = new FileOutputStream("/dev/kmsg");
            Log.mirrorTo(line -> {
                try {
                    kmsg.write(("<6>" + line).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the console still has the line
                }
            });
        } catch (IOException e) {
            Log.warn("no /dev/kmsg: logging to the console only", "error", e.getMessage());
        }
    }

    private static void mkdirs(String... dirs) throws IOException {
        for (String dir : dirs) {
            Files.createDirectories(Path.of(dir));
        }
    }

    /** Init must not exit (the kernel would panic): says why on the console and reboots after a delay. */
    public static void fatal(Throwable failure) {
        try {
            Log.error("fatal: rebooting in " + FATAL_DELAY.toSeconds() + " s", failure);
            Thread.sleep(FATAL_DELAY);
        } catch (Throwable ignored) {
            // reboot whatever happens
        }
        while (true) {
            try {
                Power.reboot(Power.Action.REBOOT);
            } catch (Throwable t) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // keep trying
                }
            }
        }
    }

    /** Reboot and power off through reboot(2), STATE remounted read-only first so that it is clean. */
    public static final Lifecycle.Terminal TERMINAL = new Lifecycle.Terminal() {
        @Override
        public void reboot() {
            Log.info("rebooting");
            end(Power.Action.REBOOT);
        }

        @Override
        public void powerOff() {
            Log.info("powering off");
            end(Power.Action.POWER_OFF);
        }

        private void end(Power.Action action) {
            try {
                Mounts.mount(null, "/system/state", null, Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
            } catch (RuntimeException e) {
                Log.warn("STATE not remounted read-only", "error", e.getMessage());
            }
            Power.reboot(action);
        }
    };
}
