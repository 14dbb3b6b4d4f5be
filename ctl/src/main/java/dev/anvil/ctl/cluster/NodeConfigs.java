package dev.anvil.ctl.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The cluster's secrets bundle and the configs its nodes run (YAML texts). */
public record NodeConfigs(String controlPlane, String worker, String secrets) {
    String of(String role) {
        return role.equals(ClusterLayout.CONTROL_PLANE) ? controlPlane : worker;
    }

    /** Keeps the three in the cluster's directory, readable by their owner only. */
    void writeTo(Path dir) throws IOException {
        writeOwnerOnly(dir.resolve("secrets.yaml"), secrets);
        writeOwnerOnly(dir.resolve("controlplane.yaml"), controlPlane);
        writeOwnerOnly(dir.resolve("worker.yaml"), worker);
    }

    static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }
}
