package dev.anvil.machined.containerd;

import dev.anvil.api.containerd.images.CreateImageRequest;
import dev.anvil.api.containerd.images.DeleteImageRequest;
import dev.anvil.api.containerd.images.Image;
import dev.anvil.api.containerd.leases.CreateRequest;
import dev.anvil.api.containerd.leases.DeleteRequest;
import dev.anvil.api.containerd.types.Descriptor;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports an OCI image layout tarball (oci-layout, index.json, blobs/sha256/...) into a containerd namespace, as it
 * streams past: large blobs go to the content store at once, the small ones (manifests, configs, indexes) are kept
 * until the index says which is which, then written with the labels that tie them together for containerd's garbage
 * collector. The layers are then unpacked into the snapshotter ({@link Unpacker}) and the image record is created
 * (replacing one of the same name). A lease covers it all, so nothing is collected half-way.
 *
 * <p>The image is named by its index entry's {@code io.containerd.image.name} annotation, else by
 * {@code org.opencontainers.image.ref.name}.
 */
public final class ImageImport {
    static final long SMALL = 1 << 20;
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final Containerd.Namespace namespace;
    private final String snapshotter;

    public ImageImport(Containerd.Namespace namespace, String snapshotter) {
        this.namespace = namespace;
        this.snapshotter = snapshotter;
    }

    /** Reads the tarball to its end and returns the name of the image it created. */
    public String run(InputStream tarball) throws IOException, InterruptedException {
        String lease = "anvil-import-" + UUID.randomUUID();
        namespace.leases().create(CreateRequest.newBuilder().setId(lease)
                .putLabels("containerd.io/gc.expire", Instant.now().plusSeconds(3600).toString()).build());
        try {
            return run(namespace.withLease(lease), tarball);
        } finally {
            namespace.leases().delete(DeleteRequest.newBuilder().setId(lease).build());
        }
    }

    private String run(Containerd.Namespace leased, InputStream tarball) throws IOException, InterruptedException {
        Map<String, byte[]> small = new HashMap<>();
        byte[] index = null;
        boolean layout = false;
        TarStream tar = new TarStream(tarball);
        for (TarStream.Entry e = tar.next(); e != null; e = tar.next()) {
            if (e.name().equals("index.json")) {
                index = e.content().readAllBytes();
            } else if (e.name().equals("oci-layout")) {
                layout = true;
            } else if (e.name().startsWith("blobs/")) {
                String digest = digestOf(e.name());
                if (e.size() <= SMALL) {
                    small.put(digest, e.content().readAllBytes());
                } else {
                    ContentWriter.write(leased, digest, e.size(), e.content(), Map.of());
                }
            }
        }
        if (!layout || index == null) {
            throw new IllegalArgumentException("not an OCI image layout: the tarball has no "
                    + (layout ? "index.json" : "oci-layout file"));
        }
        Map<String, Object> top = JsonValue.readObject(index, "index.json");
        List<Map<String, Object>> manifests = OciImage.descriptors(top.get("manifests"), "index.json manifests");
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("index.json lists no image");
        }
        Map<String, Object> entry = manifests.getFirst();
        String name = OciImage.name(entry);
        Descriptor target = OciImage.descriptor(entry);
        OciImage image = OciImage.resolve(target, small::get);
        for (var write : image.labelledBlobs(snapshotter).entrySet()) {
            byte[] data = small.remove(write.getKey());
            ContentWriter.write(leased, write.getKey(), data.length, new ByteArrayInputStream(data), write.getValue());
        }
        for (var rest : small.entrySet()) {
            ContentWriter.write(leased, rest.getKey(), rest.getValue().length,
                    new ByteArrayInputStream(rest.getValue()), Map.of());
        }
        new Unpacker(leased, snapshotter).unpack(image);
        Instant now = Instant.now();
        Timestamp stamp = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        try {
            leased.images().delete(DeleteImageRequest.newBuilder().setName(name).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        leased.images().create(CreateImageRequest.newBuilder().setImage(Image.newBuilder().setName(name)
                .setTarget(target).setCreatedAt(stamp).setUpdatedAt(stamp)).build());
        return name;
    }

    /** "blobs/sha256/HEX" as "sha256:HEX". */
    static String digestOf(String path) {
        String[] parts = path.split("/");
        if (parts.length != 3 || !parts[1].equals("sha256") || !parts[2].matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a blob of an OCI image layout: " + path);
        }
        return parts[1] + ":" + parts[2];
    }
}
