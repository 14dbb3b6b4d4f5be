package dev.anvil.imager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tree is checked by cryptsetup's veritysetup, which recomputes it in user space the way the kernel's dm-verity
 * reads it (scripts/setup installs cryptsetup-bin).
 */
class VerityTreeTest {
    @TempDir
    Path dir;

    @Test
    void append_treeThatVeritysetupVerifies_andRejectsAFlippedByte() throws Exception {
        // 300 data blocks and a ragged end: three levels would need more, two levels and padding are exercised
        Path image = dir.resolve("rootfs");
        byte[] data = new byte[300 * VerityTree.BLOCK - 123];
        new Random(7).nextBytes(data);
        Files.write(image, data);

        VerityTree.Result result = VerityTree.append(image);

        assertThat(result.dataBlocks()).isEqualTo(300);
        assertThat(result.hashStartBlock()).isEqualTo(300);
        // level 0: 300 hashes in 3 blocks; level 1: 1 block; then the footer
        assertThat(Files.size(image)).isEqualTo((300 + 3 + 1 + 1) * (long) VerityTree.BLOCK);
        assertThat(veritysetupVerify(image, result, result.rootHash())).as("verify with the root hash").isZero();
        assertThat(veritysetupVerify(image, result, "00".repeat(32))).as("verify with another root hash")
                .isNotZero();
        byte[] all = Files.readAllBytes(image);
        assertThat(new String(all, all.length - VerityTree.BLOCK, VerityTree.BLOCK, StandardCharsets.US_ASCII)
                .replace("\0", "")).isEqualTo(VerityTree.FOOTER_MAGIC + "\ndata-blocks 300\nhash-start 300\nsalt "
                + result.salt() + "\n");

        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(150L * VerityTree.BLOCK + 17);
            int b = file.read();
            file.seek(150L * VerityTree.BLOCK + 17);
            file.write(b ^ 1);
        }
        assertThat(veritysetupVerify(image, result, result.rootHash())).as("verify after a flipped byte").isNotZero();
    }

    @Test
    void append_sameDataTwice_sameTreeAndRootHash() throws Exception {
        byte[] data = new byte[5 * VerityTree.BLOCK];
        new Random(3).nextBytes(data);
        Path one = Files.write(dir.resolve("one"), data);
        Path two = Files.write(dir.resolve("two"), data);

        assertThat(VerityTree.append(one)).isEqualTo(VerityTree.append(two));
        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
    }

    private static int veritysetupVerify(Path image, VerityTree.Result result, String rootHash) throws Exception {
        List<String> command = new ArrayList<>(List.of(veritysetup(), "verify", "--no-superblock", "--format=1",
                "--hash=sha256", "--data-block-size=4096", "--hash-block-size=4096",
                "--data-blocks=" + result.dataBlocks(), "--hash-offset=" + result.hashStartBlock() * VerityTree.BLOCK,
                "--salt=" + result.salt(), image.toString(), image.toString(), rootHash));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        System.out.println("veritysetup " + status + ": " + output.trim());
        return status;
    }

    private static String veritysetup() {
        for (String candidate : List.of("/usr/sbin/veritysetup", "/sbin/veritysetup", "/usr/bin/veritysetup")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("veritysetup is missing: scripts/setup installs cryptsetup-bin");
    }
}
