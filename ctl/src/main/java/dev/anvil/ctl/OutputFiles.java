package dev.anvil.ctl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the files anvilctl makes. They hold keys, so they are readable by the owner only, and they are written
 * whole (temporary file, then rename) so that an interrupted run never leaves half a config behind.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** Writes {@code text} to {@code path}; an existing file is replaced only with {@code force}. */
    public static void write(Path path, String text, boolean force) throws IOException {
        if (!force && Files.exists(path)) {
            throw new FileAlreadyExistsException(path + " already exists (use --force to overwrite it)");
        }
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "." + path.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
