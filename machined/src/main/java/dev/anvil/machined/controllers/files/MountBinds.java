package dev.anvil.machined.controllers.files;

import dev.anvil.sys.Mounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link UserFileController.Binds} in the calling process's mount namespace (the node's). */
public final class MountBinds implements UserFileController.Binds {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** A mount point per line, in the fifth field (octal escapes for spaces and the like). */
    @Override
    public boolean bound(Path target) {
        try (var lines = Files.lines(MOUNTINFO)) {
            String wanted = target.toString();
            return lines.map(l -> l.split(" ")).filter(f -> f.length > 4)
                    .anyMatch(f -> unescape(f[4]).equals(wanted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void bindReadOnly(Path source, Path target) {
        Mounts.mount(source.toString(), target.toString(), null, Mounts.MS_BIND, null);
        // a bind mount takes read-only only when remounted
        Mounts.mount(null, target.toString(), null, Mounts.MS_BIND | Mounts.MS_REMOUNT | Mounts.MS_RDONLY, null);
    }

    @Override
    public void unbind(Path target) {
        Mounts.unmount(target.toString(), 0);
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
