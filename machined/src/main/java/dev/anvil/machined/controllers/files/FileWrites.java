package dev.anvil.machined.controllers.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** Writing a file the node owns, with its permission bits, only when it differs. */
public final class FileWrites {
    private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private FileWrites() {
    }

    /** The permission bits of a mode (0644 and the like; other bits are left out). */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            mode |= permissions.contains(BITS[bit]) ? 1 << bit : 0;
        }
        return mode;
    }

    /**
     * Replaces {@code file} atomically (a temporary file beside it, renamed over it) unless it holds {@code
     * contents} with {@code mode} already; true when it wrote. No fsync: what is written here is made again at
     * every boot.
     */
    public static boolean replaceIfChanged(Path file, byte[] contents, int mode) throws IOException {
        if (same(file, contents, mode)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.write(temp, contents);
        Files.setPosixFilePermissions(temp, permissions(mode));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /**
     * Writes {@code file} in place (same inode: a bind mount of it shows the new text) unless it holds {@code
     * contents} with {@code mode} already; true when it wrote.
     */
    static boolean writeInPlaceIfChanged(Path file, byte[] contents, int mode) throws IOException {
        if (same(file, contents, mode)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, contents);
        Files.setPosixFilePermissions(file, permissions(mode));
        return true;
    }

    private static boolean same(Path file, byte[] contents, int mode) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && mode(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) == (mode & 0777)
                && Arrays.equals(Files.readAllBytes(file), contents);
    }
}
