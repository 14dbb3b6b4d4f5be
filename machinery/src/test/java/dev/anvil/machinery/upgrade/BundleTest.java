package dev.anvil.machinery.upgrade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleTest {
    private static final KeyPair KEY = BundleSignature.generate();

    @TempDir
    Path tmp;

    private byte[] bundle(KeyPair key) throws IOException {
        Path jar = Files.writeString(tmp.resolve("a.jar"), "the machined jar");
        Path lib = Files.writeString(tmp.resolve("b.jar"), "a library");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Bundle.write(out, "v2", List.of(new Bundle.Source("machined/machined.jar", jar),
                new Bundle.Source("machined/lib/b.jar", lib)), key.getPrivate());
        return out.toByteArray();
    }

    @Test
    void extract_trustedSignature_writesEveryFile() throws IOException {
        Path into = Files.createDirectory(tmp.resolve("slot"));
        BundleManifest manifest = Bundle.extract(new ByteArrayInputStream(bundle(KEY)), List.of(KEY.getPublic()),
                into);
        assertThat(manifest.version()).isEqualTo("v2");
        assertThat(Files.readString(into.resolve("machined/machined.jar"))).isEqualTo("the machined jar");
        assertThat(Files.readString(into.resolve("machined/lib/b.jar"))).isEqualTo("a library");
    }

    @Test
    void extract_otherKey_refusedWithNothingWritten() throws IOException {
        Path into = Files.createDirectory(tmp.resolve("slot"));
        KeyPair other = BundleSignature.generate();
        assertThatThrownBy(() -> Bundle.extract(new ByteArrayInputStream(bundle(other)), List.of(KEY.getPublic()),
                into)).isInstanceOf(Bundle.Refused.class).hasMessageContaining("signature");
        try (var files = Files.list(into)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void extract_noTrustedKey_refused() {
        assertThatThrownBy(() -> Bundle.extract(new ByteArrayInputStream(bundle(KEY)), List.of(), tmp))
                .isInstanceOf(Bundle.Refused.class).hasMessageContaining("UpgradeTrustConfig");
    }

    @Test
    void extract_fileUnlikeItsDigest_refusedAndEmptied() throws IOException {
        // signed correctly, but the file is not the one the manifest describes
        byte[] manifest = new BundleManifest("v2", List.of(new BundleManifest.Entry("machined/machined.jar", 3,
                new byte[32]))).encode();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var entry : List.of(java.util.Map.entry(Bundle.MANIFEST, manifest),
                    java.util.Map.entry(Bundle.SIGNATURE, BundleSignature.sign(KEY.getPrivate(), manifest)),
                    java.util.Map.entry("machined/machined.jar", "abc".getBytes()))) {
                zip.putNextEntry(new java.util.zip.ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        Path into = Files.createDirectory(tmp.resolve("slot"));
        assertThatThrownBy(() -> Bundle.extract(new ByteArrayInputStream(out.toByteArray()),
                List.of(KEY.getPublic()), into)).isInstanceOf(Bundle.Refused.class).hasMessageContaining("digest");
        try (var files = Files.list(into)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void manifest_roundTrips() {
        var manifest = new BundleManifest("v1.2.3", List.of(new BundleManifest.Entry("boot/vmlinuz", 3,
                new byte[32])));
        assertThat(BundleManifest.parse(manifest.encode())).usingRecursiveComparison().isEqualTo(manifest);
        assertThatThrownBy(() -> new BundleManifest.Entry("../etc/passwd", 1, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicKey_onlyP256() {
        String pem = BundleSignature.publicKeyPem(KEY.getPublic());
        assertThat(BundleSignature.publicKey(pem)).isEqualTo(KEY.getPublic());
        assertThatThrownBy(() -> BundleSignature.publicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
