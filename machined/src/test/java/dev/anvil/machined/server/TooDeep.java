package dev.anvil.machined.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A chain of directories whose full path grows past PATH_MAX (4096 bytes), so that the kernel refuses to look at
 * its deepest entries by path: a real I/O failure that even root meets. It is built in two halves, each short
 * enough to make by path, and the second is then moved below the first. GNU rm removes it (it walks with openat).
 */
final class TooDeep {
    static final String NAME = "d".repeat(100);
    private static final int HALF = 25;

    private TooDeep() {
    }

    /** Makes the chain as {@code dir}, which must not exist. */
    static void create(Path dir) throws IOException {
        Path first = Files.createDirectories(chain(dir));
        Path second = dir.resolveSibling(dir.getFileName() + ".second");
        Files.createDirectories(chain(second));
        Files.move(second.resolve(NAME), first.resolve(NAME));
        Files.delete(second);
    }

    static void remove(Path dir) throws IOException, InterruptedException {
        FileTree.run("rm", "-rf", dir.toString());
    }

    private static Path chain(Path dir) {
        Path path = dir;
        for (int i = 0; i < HALF; i++) {
            path = path.resolve(NAME);
        }
        return path;
    }
}
