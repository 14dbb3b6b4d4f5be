package dev.anvil.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static dev.anvil.sys.Libc.INT;
import static dev.anvil.sys.Libc.LONG;
import static dev.anvil.sys.Libc.POINTER;

/**
 * What statfs(2) says of the filesystem holding a path: its size in blocks of {@code blockSize} bytes, the blocks
 * free, and those free to an unprivileged user ({@code blocksAvailable}, which excludes the reserve for root).
 */
public record Statfs(long blockSize, long blocks, long blocksFree, long blocksAvailable) {
    /** struct statfs of the 64-bit Linux ABIs (x86-64, arm64): every field is 8 bytes but f_fsid's two ints. */
    private static final StructLayout STATFS = MemoryLayout.structLayout(
            LONG.withName("f_type"), LONG.withName("f_bsize"), LONG.withName("f_blocks"), LONG.withName("f_bfree"),
            LONG.withName("f_bavail"), LONG.withName("f_files"), LONG.withName("f_ffree"),
            MemoryLayout.sequenceLayout(2, INT).withName("f_fsid"), LONG.withName("f_namelen"),
            LONG.withName("f_frsize"), LONG.withName("f_flags"), MemoryLayout.sequenceLayout(4, LONG));
    private static final MethodHandle STATFS_CALL = Libc.withErrno("statfs",
            FunctionDescriptor.of(INT, POINTER, POINTER));

    /** @throws SyscallException when the path cannot be looked up (missing, no permission, a dead network mount) */
    public static Statfs of(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment slot = Libc.errnoSlot(arena);
            MemorySegment buffer = arena.allocate(STATFS);
            int rc = (int) STATFS_CALL.invokeExact(slot, arena.allocateFrom(path), buffer);
            Libc.check(rc, slot, "statfs", path);
            return new Statfs(field(buffer, "f_bsize"), field(buffer, "f_blocks"), field(buffer, "f_bfree"),
                    field(buffer, "f_bavail"));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The filesystem's size in bytes. */
    public long size() {
        return blockSize * blocks;
    }

    /** The bytes an unprivileged user may still write. */
    public long available() {
        return blockSize * blocksAvailable;
    }

    private static long field(MemorySegment buffer, String name) {
        return buffer.get(LONG, STATFS.byteOffset(MemoryLayout.PathElement.groupElement(name)));
    }
}
