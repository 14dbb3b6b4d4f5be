package dev.anvil.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Named network namespaces, kept alive by a bind mount of the namespace onto a file, as {@code ip netns add} does
 * under /run/netns (so {@code ip netns exec NAME} reaches it too). A thread enters a namespace alone: each body here
 * runs on a platform thread of its own, which ends with it, so no other thread of the JVM changes namespace.
 * Sockets and devices made by the body belong to the namespace, and so does a child it spawns.
 */
public final class NetworkNamespace {
    private NetworkNamespace() {
    }

    /** Makes a new network namespace and pins it at {@code file} (whose directory is made if missing). */
    public static void create(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
        Namespaces.onOwnThread("netns create " + file, () -> {
            Namespaces.unshare(Namespaces.CLONE_NEWNET);
            Mounts.mount("/proc/thread-self/ns/net", file.toString(), null, Mounts.MS_BIND, null);
            return null;
        });
    }

    /** Runs {@code body} inside the namespace {@code file} names (a pinned one or /proc/PID/ns/net). */
    public static <T> T run(Path file, Callable<T> body) throws Exception {
        return Namespaces.runInside(file.toString(), Namespaces.CLONE_NEWNET, body);
    }

    /**
     * Unpins the namespace at {@code file} and removes the file; the kernel frees the namespace (and its devices)
     * once no process and no socket is left in it. Nothing happens when the file is gone.
     */
    public static void remove(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Mounts.unmount(file.toString(), Mounts.MNT_DETACH);
        } catch (SyscallException e) {
            // not mounted (a create that failed before its mount): only the file is left
        }
        Files.deleteIfExists(file);
    }
}
