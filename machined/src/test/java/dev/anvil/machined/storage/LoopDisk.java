package dev.anvil.machined.storage;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop device over a 24 MiB image in {@code dir} holding a GPT with two partitions, a vfat one (partition name
 * {@code ANVILTESTEFI}, label {@code TESTEFI}, volume ID {@code 1234-5678}) and an ext4 one ({@code ANVILTESTSTATE},
 * label {@code anviltest state}, UUID {@link #STATE_FS_UUID}), made with the real tools. Names and GUIDs are the
 * test's own, so the host's disks never match them. Closing detaches it.
 */
public final class LoopDisk implements AutoCloseable {
    public static final String EFI_UUID = "0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9";
    public static final String STATE_UUID = "1f2e3d4c-5b6a-4789-9abc-def012345678";
    public static final String STATE_FS_UUID = "0b3b4c2a-8d9e-4f10-a1b2-c3d4e5f60718";
    public static final long SIZE = 24L * 1024 * 1024;

    private final Path dir;
    private String name;

    private LoopDisk(Path dir) {
        this.dir = dir;
    }

    /** The kernel's name of the device, {@code loopN}. */
    public String name() {
        return name;
    }

    public static LoopDisk attach(Path dir) throws Exception {
        LoopDisk disk = new LoopDisk(dir);
        Path image = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        run(dir, """
                label: gpt
                start=2048, size=8192, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=%s, name="ANVILTESTEFI"
                start=10240, size=36864, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=%s, name="ANVILTESTSTATE"
                """.formatted(EFI_UUID, STATE_UUID), "/usr/sbin/sfdisk", "-q", image.toString());
        disk.name = run(dir, "", "/usr/sbin/losetup", "-f", "-P", "--show", image.toString()).strip()
                .substring("/dev/".length());
        try {
            if (!Files.exists(Path.of("/sys/class/block", disk.name + "p1"))) {
                // a kernel without the GPT parser (this host's has none; Debian's has) gets them from partx
                run(dir, "", "/usr/bin/partx", "-a", "/dev/" + disk.name);
            }
            run(dir, "", "/usr/sbin/mkfs.vfat", "-n", "TESTEFI", "-i", "12345678", "/dev/" + disk.name + "p1");
            run(dir, "", "/usr/sbin/mkfs.ext4", "-q", "-F", "-L", "anviltest state", "-U", STATE_FS_UUID,
                    "/dev/" + disk.name + "p2");
        } catch (Exception | AssertionError e) {
            disk.close();
            throw e;
        }
        return disk;
    }

    /** Detaches the device (its partitions go with it); once only. */
    @Override
    public void close() throws Exception {
        if (name != null) {
            String detaching = name;
            name = null;
            run(dir, "", "/usr/sbin/losetup", "-d", "/dev/" + detaching);
        }
    }

    /** Runs a tool with {@code input} on its standard input and returns its output; it must succeed. */
    static String run(Path dir, String input, String... command) throws Exception {
        assertThat(Path.of(command[0])).as("%s (scripts/setup installs it)", command[0]).exists();
        Path stdin = Files.createTempFile(dir, "stdin", "");
        Files.writeString(stdin, input);
        List<String> args = new ArrayList<>(List.of("-c", "exec \"$0\" \"$@\" < \"" + stdin + "\""));
        args.addAll(List.of(command));
        Child child = Spawner.spawn(new ProcessSpec("/bin/sh", args, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(60, TimeUnit.SECONDS).success()).as("%s: %s", List.of(command), output).isTrue();
        return output;
    }
}
