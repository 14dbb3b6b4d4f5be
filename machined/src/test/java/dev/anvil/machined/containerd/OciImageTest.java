package dev.anvil.machined.containerd;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OCI layout the tests build, read back as an import reads it: tar entries, index, manifest, config, chain. */
class OciImageTest {
    @Test
    void layout_readsBackAsTheImageItDescribes() throws IOException {
        byte[] tarball = OciLayout.busybox("anvil.test/x:1", List.of("/bin/sh"));
        Map<String, byte[]> entries = new HashMap<>();
        TarStream tar = new TarStream(new ByteArrayInputStream(tarball));
        for (TarStream.Entry e = tar.next(); e != null; e = tar.next()) {
            entries.put(e.name(), e.content().readAllBytes());
        }
        assertThat(entries).containsKeys("oci-layout", "index.json");
        Map<String, byte[]> blobs = new HashMap<>();
        entries.forEach((name, data) -> {
            if (name.startsWith("blobs/")) {
                blobs.put(ImageImport.digestOf(name), data);
            }
        });
        var index = JsonValue.readObject(entries.get("index.json"), "index.json");
        var entry = OciImage.descriptors(index.get("manifests"), "manifests").getFirst();
        assertThat(OciImage.name(entry)).isEqualTo("anvil.test/x:1");

        OciImage image = OciImage.resolve(OciImage.descriptor(entry), blobs::get);
        assertThat(image.run().cmd()).containsExactly("/bin/sh");
        assertThat(image.run().env()).containsExactly("PATH=/bin");
        assertThat(image.layers()).hasSize(1);
        // one layer: its chain ID is its diff ID, which (uncompressed) is its digest
        assertThat(image.chainIds()).containsExactly(image.layers().getFirst().getDigest());
        assertThat(image.labelledBlobs("overlayfs").get(image.config().getDigest()))
                .containsEntry("containerd.io/gc.ref.snapshot.overlayfs", image.topChainId());
        assertThat(image.labelledBlobs("overlayfs").get(image.manifest().getDigest()))
                .containsEntry("containerd.io/gc.ref.content.config", image.config().getDigest())
                .containsEntry("containerd.io/gc.ref.content.l.0", image.layers().getFirst().getDigest());
    }

    @Test
    void chainIds_followTheOciDefinition() {
        var a = "sha256:" + "a".repeat(64);
        var b = "sha256:" + "b".repeat(64);
        OciImage image = new OciImage(List.of(), null, null, List.of(), List.of(a, b), null);
        assertThat(image.chainIds()).containsExactly(a, OciImage.sha256(a + " " + b));
    }

    @Test
    void aBlobThatDoesNotMatchItsDigest_isRefused() throws IOException {
        byte[] tarball = OciLayout.busybox("anvil.test/x:1", List.of("/bin/sh"));
        Map<String, byte[]> blobs = new HashMap<>();
        byte[] index = null;
        TarStream tar = new TarStream(new ByteArrayInputStream(tarball));
        for (TarStream.Entry e = tar.next(); e != null; e = tar.next()) {
            if (e.name().equals("index.json")) {
                index = e.content().readAllBytes();
            } else if (e.name().startsWith("blobs/")) {
                blobs.put(ImageImport.digestOf(e.name()), "tampered".getBytes());
            }
        }
        var entry = OciImage.descriptors(JsonValue.readObject(index, "index").get("manifests"), "m").getFirst();
        assertThatThrownBy(() -> OciImage.resolve(OciImage.descriptor(entry), blobs::get))
                .hasMessageContaining("does not match its digest");
    }

    @Test
    void blobPaths_areSha256DigestsOnly() {
        assertThat(ImageImport.digestOf("blobs/sha256/" + "0".repeat(64))).isEqualTo("sha256:" + "0".repeat(64));
        assertThatThrownBy(() -> ImageImport.digestOf("blobs/sha256/../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
