package dev.anvil.imager;

import dev.anvil.machinery.kernel.ModuleIndex;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds an image into an output directory: {@code vmlinuz} (Debian's kernel), {@code initramfs.cpio.lz4} (the JRE,
 * machined's jars and AOT cache, the kernel modules, /init = java) and {@code rootfs.squashfs} (the read-only root:
 * etcd, containerd, runc, mkfs.ext4 and their libraries, CA certificates; its dm-verity hash tree appended, see
 * {@link VerityTree}), {@code cmdline} (the kernel command line that starts machined, with the root hash) and
 * {@code SHA256SUMS}.
 *
 * <p>machined runs from the initramfs all its life (one JVM start): as /init it mounts the squashfs, binds its own
 * /jre and /app into it and switches root onto it, so the JRE is stored once. Every file has the same fixed mtime,
 * entries are sorted and owned by root, so the same packages and jars give the same digests.
 */
public final class ImageBuilder {
    /** Every file's mtime in the image (2026-01-01T00:00:00Z): the AOT cache checks them, so they must not vary. */
    public static final long MTIME = 1767225600L;
    /** The initramfs file in the output directory: an lz4-compressed (legacy format) newc cpio. */
    public static final String INITRAMFS = "initramfs.cpio.lz4";
    static final String KERNEL_PATTERN = "^linux-image-6\\.1\\.0-[0-9]+-amd64-unsigned$";
    /** The Debian packages besides the kernel. */
    static final List<String> PACKAGES = List.of("libc6", "libgcc-s1", "etcd-server", "containerd", "runc",
            "libseccomp2", "e2fsprogs", "libext2fs2", "libcom-err2", "libblkid1", "libuuid1", "ca-certificates");
    /** The package of the EFI stub a unified kernel image is built on (nothing of it goes into the root). */
    static final String STUB_PACKAGE = "systemd-boot-efi";
    /** Modules the initramfs ships (with their dependencies): disks, network, filesystems, containers. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_blk", "virtio_net", "virtio_scsi",
            "virtio_console", "virtio_rng", "virtio_balloon", "e1000", "e1000e", "nvme", "ahci", "ata_piix", "sd_mod",
            "sr_mod", "squashfs", "crc32c_generic", "crc32c_intel", "ext4", "xfs", "vfat", "isofs", "overlay", "loop",
            "dm_verity", "efivarfs", "bridge", "veth", "br_netfilter", "vxlan", "tun", "nf_conntrack");
    /** The shared libraries java needs (ldd of bin/java, libjvm.so and the JRE's libraries). */
    static final List<String> JAVA_LIBS = List.of("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0",
            "librt.so.1", "libgcc_s.so.1");
    /** Files of the root filesystem by package: paths in the package, as they land under /usr. */
    static final Map<String, List<String>> ROOT_FILES = Map.of(
            "etcd-server", List.of("usr/bin/etcd"),
            "containerd", List.of("usr/bin/containerd", "usr/bin/containerd-shim-runc-v2"),
            "runc", List.of("usr/sbin/runc"),
            "e2fsprogs", List.of("sbin/mke2fs", "sbin/mkfs.ext4", "etc/mke2fs.conf"));
    /** Packages whose shared libraries the root filesystem takes whole. */
    static final List<String> ROOT_LIBRARIES = List.of("libc6", "libgcc-s1", "libseccomp2", "libext2fs2",
            "libcom-err2", "libblkid1", "libuuid1");

    /** What to build from and where. {@code jvmFlags}: machined's flags (bin/machined-jvm-flags). */
    public record Options(Path anvilRoot, Path output, Path lockFile, Path cache, boolean updateLock, Path javaHome,
            List<String> jvmFlags) {
    }

    /** The built image's files. */
    public record Image(Path kernel, Path initramfs, Path rootfs, String cmdline) {
    }

    private final Options options;
    private final Consumer<String> progress;

    public ImageBuilder(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    public Image build() throws IOException, InterruptedException {
        Path out = options.output();
        Files.createDirectories(out);
        Path work = out.resolve("work");
        DebLock.deleteTree(work);
        Path initramfs = Files.createDirectories(work.resolve("initramfs"));
        Path root = Files.createDirectories(work.resolve("rootfs"));
        Path debs = Files.createDirectories(work.resolve("debs"));

        step(1, "Debian packages");
        DebLock lock = new DebLock(options.lockFile(), options.cache(), m -> progress.accept("      " + m));
        String kernelPackage = kernelPackage(lock);
        List<String> names = new ArrayList<>(PACKAGES);
        names.add(kernelPackage);
        names.add(STUB_PACKAGE);
        Map<String, Path> files = lock.fetch(names, options.updateLock());
        Map<String, Path> unpacked = new LinkedHashMap<>();
        for (var e : files.entrySet()) {
            Path dir = debs.resolve(e.getKey());
            Tools.run(work, List.of("dpkg-deb", "-x", e.getValue().toString(), dir.toString()));
            unpacked.put(e.getKey(), dir);
        }

        step(2, "kernel and modules");
        Path kernelTree = unpacked.get(kernelPackage);
        Path kernel = single(kernelTree.resolve("boot"), "vmlinuz-");
        String release = kernel.getFileName().toString().substring("vmlinuz-".length());
        Files.copy(kernel, out.resolve("vmlinuz"), StandardCopyOption.REPLACE_EXISTING);
        int modules = copyModules(kernelTree.resolve("lib/modules").resolve(release),
                Files.createDirectories(initramfs.resolve("lib/modules").resolve(release)));
        progress.accept("      kernel " + release + ", " + modules + " modules");

        step(3, "JRE");
        Path app = Files.createDirectories(initramfs.resolve("app"));
        List<Path> jars = copyJars(app);
        String javaModules = javaModules(jars);
        progress.accept("      modules " + javaModules);
        tool("jlink", "--add-modules", javaModules, "--strip-debug", "--no-header-files", "--no-man-pages",
                "--output", initramfs.resolve("jre").toString());
        Path libs = Files.createDirectories(initramfs.resolve("lib/x86_64-linux-gnu"));
        for (String lib : JAVA_LIBS) {
            copyLibrary(unpacked, lib, libs.resolve(lib));
        }
        Files.createDirectories(initramfs.resolve("lib64"));
        copyLibrary(unpacked, "ld-linux-x86-64.so.2", initramfs.resolve("lib64/ld-linux-x86-64.so.2"));
        // without /proc, ld.so cannot expand java's $ORIGIN RPATH: libjli must be on the default path
        Files.createSymbolicLink(libs.resolve("libjli.so"), Path.of("/jre/lib/libjli.so"));
        Files.createSymbolicLink(initramfs.resolve("init"), Path.of("/jre/bin/java"));
        for (String dir : List.of("dev", "proc", "sys", "run", "tmp", "newroot")) {
            Files.createDirectories(initramfs.resolve(dir));
        }
        List<String> classPath = jars.stream().map(j -> "/" + initramfs.relativize(j)).toList();
        String args = machinedArgs(classPath);
        Files.writeString(app.resolve("machined.args"), args);

        step(4, "AOT cache");
        // the cache records the mtimes of the JRE and jars it was trained with: the image's, fixed before
        normaliseTimes(initramfs);
        new AotTraining(initramfs, progress).train(args);
        normaliseTimes(initramfs);

        step(5, "initramfs");
        Path cpio = work.resolve("initramfs.cpio");
        try (OutputStream o = Files.newOutputStream(cpio)) {
            Cpio.write(initramfs, o, MTIME);
        }
        // lz4 in the kernel's legacy format: under TCG it unpacks about as fast as a plain cpio (which is 2.5 times
        // larger) and much faster than gzip or zstd (specs/boot-recipe.md section 4)
        Path initrd = out.resolve(INITRAMFS);
        Files.deleteIfExists(initrd);
        Tools.run(work, List.of("lz4", "-l", "-q", cpio.toString(), initrd.toString()));

        step(6, "root filesystem");
        rootFilesystem(root, unpacked);
        normaliseTimes(root);
        Path squashfs = out.resolve("rootfs.squashfs");
        Files.deleteIfExists(squashfs);
        Tools.run(work, List.of("mksquashfs", root.toString(), squashfs.toString(), "-noappend", "-comp", "zstd",
                "-all-root", "-mkfs-time", Long.toString(MTIME), "-all-time", Long.toString(MTIME), "-no-progress",
                "-quiet"));
        VerityTree.Result verity = VerityTree.append(squashfs);
        progress.accept("      dm-verity root hash " + verity.rootHash());

        step(7, "check and sums");
        List<String> entries = new ArrayList<>();
        try (var in = Files.newInputStream(cpio)) {
            Cpio.list(in).forEach(e -> entries.add("initramfs:/" + e.name()));
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> entries.add("rootfs:/" + root.relativize(p)));
        }
        List<String> bad = ContentsRule.violations(entries);
        if (!bad.isEmpty()) {
            throw new IOException("the image holds what it must not (no shell, package manager, SSH): " + bad);
        }
        String cmdline = "console=ttyS0 panic=10 quiet " + verityArgument(verity) + " -- @/app/machined.args";
        Files.writeString(out.resolve("cmdline"), cmdline + "\n");
        Files.copy(unpacked.get(STUB_PACKAGE).resolve("usr/lib/systemd/boot/efi").resolve(Uki.STUB),
                out.resolve(Uki.STUB), StandardCopyOption.REPLACE_EXISTING);
        Uki.build(out, List.of(), null, out.resolve(Uki.FILE));
        StringBuilder sums = new StringBuilder();
        for (String f : List.of("vmlinuz", INITRAMFS, "rootfs.squashfs", Uki.FILE)) {
            sums.append(DebLock.sha256(out.resolve(f))).append("  ").append(f).append('\n');
            progress.accept(String.format("      %-16s %,12d bytes", f, Files.size(out.resolve(f))));
        }
        Files.writeString(out.resolve("SHA256SUMS"), sums);
        DebLock.deleteTree(work);
        return new Image(out.resolve("vmlinuz"), initrd, squashfs, cmdline);
    }

    /** A kernel command line with {@code extra} words put before " -- " (init's arguments), or at its end. */
    public static String withKernelArgs(String cmdline, List<String> extra) {
        if (extra.isEmpty()) {
            return cmdline;
        }
        int init = cmdline.indexOf(" -- ");
        String words = String.join(" ", extra);
        return init < 0 ? cmdline + " " + words
                : cmdline.substring(0, init) + " " + words + cmdline.substring(init);
    }

    /** The boot entry's word that makes the node mount its root through dm-verity with this root hash. */
    private static String verityArgument(VerityTree.Result verity) {
        return "anvil.verity.roothash=" + verity.rootHash();
    }

    private void step(int n, String what) {
        progress.accept("[" + n + "/7] " + what);
    }

    /** The kernel package: the lock's, else the newest 6.1 ABI apt knows. */
    private String kernelPackage(DebLock lock) throws IOException, InterruptedException {
        if (!options.updateLock()) {
            for (String name : lock.read().keySet()) {
                if (name.matches(KERNEL_PATTERN.substring(1, KERNEL_PATTERN.length() - 1))) {
                    return name;
                }
            }
        }
        String found = Tools.run(options.output(), List.of("apt-cache", "search", "--names-only", KERNEL_PATTERN));
        return found.lines().map(l -> l.split(" ")[0]).max(Comparator.comparingInt(ImageBuilder::abi))
                .orElseThrow(() -> new IOException("apt knows no linux-image-6.1.0-*-amd64-unsigned"
                        + " (run apt-get update)"));
    }

    static int abi(String kernelPackage) {
        return Integer.parseInt(kernelPackage.split("-")[3]);
    }

    /**
     * Copies {@link #MODULES} and what they depend on, with a modules.dep and modules.alias of just those, made from
     * the modules' own .modinfo (the package has only modules.order, which names every module's file).
     */
    private static int copyModules(Path from, Path to) throws IOException {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String line : Files.readAllLines(from.resolve("modules.order"))) {
            if (!line.isBlank()) {
                paths.put(ModuleIndex.nameOf(line.trim()), line.trim());
            }
        }
        Map<String, ModInfo> infos = new java.util.TreeMap<>();
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(MODULES);
        while (!pending.isEmpty()) {
            String name = ModuleIndex.normalise(pending.pop());
            String path = paths.get(name);
            if (path == null || infos.containsKey(name)) {
                continue;  // built in, or done
            }
            ModInfo info = ModInfo.read(from.resolve(path));
            infos.put(name, info);
            pending.addAll(info.depends());
        }
        StringBuilder dep = new StringBuilder();
        StringBuilder alias = new StringBuilder();
        for (var e : infos.entrySet()) {
            String path = paths.get(e.getKey());
            Path target = to.resolve(path);
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(path), target);
            dep.append(path).append(':');
            e.getValue().depends().forEach(d -> dep.append(' ').append(paths.get(ModuleIndex.normalise(d))));
            dep.append('\n');
            e.getValue().aliases().forEach(a -> alias.append("alias ").append(a).append(' ').append(e.getKey())
                    .append('\n'));
        }
        Files.writeString(to.resolve("modules.dep"), dep);
        Files.writeString(to.resolve("modules.alias"), alias);
        Files.copy(from.resolve("modules.builtin"), to.resolve("modules.builtin"));
        return infos.size();
    }

    /** machined's jar and its runtime jars (machined/target), in class path order; and netty's native libraries. */
    private List<Path> copyJars(Path app) throws IOException {
        Path target = options.anvilRoot().resolve("machined/target");
        Path machined;
        try (Stream<Path> s = Files.list(target)) {
            machined = s.filter(p -> p.getFileName().toString().matches("anvil-machined-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst()
                    .orElseThrow(() -> new IOException("machined is not built: no jar in " + target));
        }
        List<Path> jars = new ArrayList<>();
        jars.add(Files.copy(machined, app.resolve("machined.jar")));
        Path lib = Files.createDirectories(app.resolve("lib"));
        try (Stream<Path> s = Files.list(target.resolve("lib"))) {
            for (Path jar : s.sorted().toList()) {
                jars.add(Files.copy(jar, lib.resolve(jar.getFileName())));
            }
        }
        Path natives = Files.createDirectories(app.resolve("native"));
        try (Stream<Path> s = Files.list(target.resolve("native/META-INF/native"))) {
            for (Path so : s.sorted().toList()) {
                Files.copy(so, natives.resolve(so.getFileName()));
            }
        }
        return jars;
    }

    /** The JDK modules machined's jars use, as jdeps finds them, plus the few loaded by name. */
    private static String javaModules(List<Path> jars) throws IOException {
        String classPath = String.join(":", jars.stream().map(Path::toString).toList());
        String found = tool("jdeps", "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25",
                "--class-path", classPath, jars.getFirst().toString()).trim();
        Set<String> modules = new TreeSet<>(List.of(found.split(",")));
        // TLS key exchange and the DNS name service are looked up at run time, not linked
        modules.addAll(List.of("jdk.crypto.ec", "jdk.naming.dns", "jdk.unsupported"));
        return String.join(",", modules);
    }

    /** The JVM's arguments file (/app/machined.args; the kernel passes {@code @/app/machined.args} to /init). */
    private String machinedArgs(List<String> classPath) {
        List<String> lines = new ArrayList<>();
        for (String flag : options.jvmFlags()) {
            lines.add(flag.startsWith("-Djava.library.path=") ? "-Djava.library.path=/app/native" : flag);
        }
        lines.add("-XX:-UsePerfData");
        lines.add("-XX:AOTCache=/app/machined.aot");
        lines.add("-cp");
        lines.add(String.join(":", classPath));
        lines.add("dev.anvil.machined.Main");
        return String.join("\n", lines) + "\n";
    }

    private static void copyLibrary(Map<String, Path> unpacked, String name, Path target) throws IOException {
        for (Path tree : unpacked.values()) {
            for (String dir : List.of("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu")) {
                Path candidate = tree.resolve(dir).resolve(name);
                if (Files.exists(candidate)) {
                    Files.copy(candidate, target, StandardCopyOption.REPLACE_EXISTING);
                    return;
                }
            }
        }
        throw new IOException("no package holds " + name);
    }

    /**
     * The squashfs root: merged /usr (bin, sbin, lib and lib64 link into it), the packages' chosen files and shared
     * libraries, /etc with passwd, group, the CA bundle, and empty directories where machined mounts.
     */
    private static void rootFilesystem(Path root, Map<String, Path> unpacked) throws IOException {
        for (String dir : List.of("usr/bin", "usr/sbin", "usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/lib/modules",
                "etc/ssl/certs", "dev", "proc", "sys", "run", "tmp", "var", "system", "jre", "app")) {
            Files.createDirectories(root.resolve(dir));
        }
        for (String link : List.of("bin", "sbin", "lib", "lib64")) {
            Files.createSymbolicLink(root.resolve(link), Path.of("usr/" + link));
        }
        for (var e : ROOT_FILES.entrySet()) {
            for (String file : e.getValue()) {
                Path from = unpacked.get(e.getKey()).resolve(file);
                Path to = root.resolve(file.startsWith("etc/") || file.startsWith("usr/") ? file : "usr/" + file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
            }
        }
        for (String pkg : ROOT_LIBRARIES) {
            for (String dir : List.of("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64")) {
                Path from = unpacked.get(pkg).resolve(dir);
                if (!Files.isDirectory(from)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(from)) {
                    for (Path f : s.filter(p -> p.getFileName().toString().contains(".so")).sorted().toList()) {
                        Path to = root.resolve("usr/" + (dir.startsWith("usr/") ? dir.substring(4) : dir))
                                .resolve(f.getFileName());
                        Files.copy(f, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/os-release"), "NAME=Anvil\nID=anvil\nPRETTY_NAME=\"Anvil\"\n");
        StringBuilder bundle = new StringBuilder();
        Path certs = unpacked.get("ca-certificates").resolve("usr/share/ca-certificates/mozilla");
        try (Stream<Path> s = Files.list(certs)) {
            for (Path crt : s.sorted().toList()) {
                bundle.append(Files.readString(crt, StandardCharsets.UTF_8));
            }
        }
        Files.writeString(root.resolve("etc/ssl/certs/ca-certificates.crt"), bundle);
    }

    private static void normaliseTimes(Path tree) throws IOException {
        FileTime time = FileTime.from(java.time.Instant.ofEpochSecond(MTIME));
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    Files.setLastModifiedTime(file, time);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.setLastModifiedTime(dir, time);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Path single(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IOException("no " + prefix + "* in " + dir));
        }
    }

    /** Runs a JDK tool (jlink, jdeps) in this JVM; its output, or an exception with it. */
    static String tool(String name, String... args) throws IOException {
        ToolProvider tool = ToolProvider.findFirst(name)
                .orElseThrow(() -> new IOException(name + " is missing: build the image with a full JDK 25"));
        var out = new java.io.StringWriter();
        var writer = new java.io.PrintWriter(out);
        int status = tool.run(writer, writer, args);
        writer.flush();
        if (status != 0) {
            throw new IOException(name + " failed (" + status + "): " + out);
        }
        return out.toString();
    }
}
