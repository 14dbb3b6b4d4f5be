package dev.anvil.e2e.upgrade;

import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.upgrade.Bundle;
import dev.anvil.machinery.upgrade.BundleSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

/**
 * The upgrade tests' keys and bundles, in a directory: a trusted key and its UpgradeTrustConfig patch, a key nobody
 * trusts, and bundles of this build's machined made by {@code anvilctl image bundle}, plus one whose machined cannot
 * start (its jar is not a jar), signed with the trusted key.
 */
final class UpgradeBundles implements AutoCloseable {
    private final Path dir;

    /** In a new temporary directory, removed by {@link #close()}. */
    UpgradeBundles() throws IOException {
        this.dir = Files.createTempDirectory("anvil-upgrade");
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    Path key() {
        return dir.resolve("trusted.key");
    }

    Path untrustedKey() {
        return dir.resolve("untrusted.key");
    }

    /** Writes both keys and the patch that makes nodes trust the first; returns the patch's file. */
    Path keysAndTrustPatch() throws IOException {
        KeyPair trusted = BundleSignature.generate();
        Files.writeString(key(), PemCodec.privateKey(trusted));
        Files.writeString(untrustedKey(), PemCodec.privateKey(BundleSignature.generate()));
        String pem = BundleSignature.publicKeyPem(trusted.getPublic()).strip().replace("\n", "\n    ");
        return Files.writeString(dir.resolve("trust.yaml"), "apiVersion: anvil.dev/v1alpha1\n"
                + "kind: UpgradeTrustConfig\npublicKeys:\n  - |\n    " + pem + "\n");
    }

    /** A bundle whose machined.jar is not a jar: a JVM given it exits at once. */
    Path broken(String version) throws IOException {
        Path notAJar = Files.writeString(dir.resolve("not-a-jar"), "this is not a jar");
        Path bundle = dir.resolve(version + ".zip");
        try (OutputStream out = Files.newOutputStream(bundle)) {
            Bundle.write(out, version, List.of(new Bundle.Source("machined/machined.jar", notAJar)),
                    PemCodec.parsePrivateKey(Files.readString(key())));
        }
        return bundle;
    }
}
