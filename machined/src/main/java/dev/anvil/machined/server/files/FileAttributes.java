package dev.anvil.machined.server.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What lstat(2) says of one file, in the Unix terms the file RPCs send: {@code mode} is the whole st_mode (type
 * bits and permissions), {@code modified} is in seconds since the epoch.
 */
record FileAttributes(int mode, long uid, long gid, long size, long modified, long rdev) {
    static final int TYPE_MASK = 0170000;
    static final int SOCKET = 0140000;
    static final int SYMLINK = 0120000;
    static final int REGULAR = 0100000;
    static final int BLOCK_DEVICE = 060000;
    static final int DIRECTORY = 040000;
    static final int CHAR_DEVICE = 020000;
    static final int FIFO = 010000;

    /** The file itself, never what a symbolic link points to. */
    static FileAttributes of(Path path) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,rdev",
                LinkOption.NOFOLLOW_LINKS);
        return new FileAttributes((Integer) unix.get("mode"),
                Integer.toUnsignedLong((Integer) unix.get("uid")),
                Integer.toUnsignedLong((Integer) unix.get("gid")),
                (Long) unix.get("size"),
                Math.floorDiv(((FileTime) unix.get("lastModifiedTime")).toMillis(), 1000),
                (Long) unix.get("rdev"));
    }

    int type() {
        return mode & TYPE_MASK;
    }

    boolean isDirectory() {
        return type() == DIRECTORY;
    }

    boolean isRegular() {
        return type() == REGULAR;
    }

    boolean isSymlink() {
        return type() == SYMLINK;
    }

    /** The device numbers of a device file, decoded as glibc's major(3) and minor(3) do. */
    long deviceMajor() {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & 0xfffff000L);
    }

    long deviceMinor() {
        return (rdev & 0xff) | ((rdev >>> 12) & 0xffffff00L);
    }

    /** What the type is called in messages. */
    String typeName() {
        return switch (type()) {
            case SOCKET -> "a socket";
            case SYMLINK -> "a symbolic link";
            case REGULAR -> "a regular file";
            case BLOCK_DEVICE -> "a block device";
            case DIRECTORY -> "a directory";
            case CHAR_DEVICE -> "a character device";
            case FIFO -> "a named pipe";
            default -> "a file of unknown type";
        };
    }
}
