package dev.anvil.machined.containerd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an OCI image layout tarball, as `docker save`/buildah write one, of one uncompressed layer made from
 * Debian's busybox-static: /bin/busybox and links to it for a few applets. For the tests that import and run it.
 */
public final class OciLayout {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "echo", "sleep", "cat", "true");

    private OciLayout() {
    }

    /** The tarball of an image named {@code name} holding busybox, whose default command is {@code cmd}. */
    public static byte[] busybox(String name, List<String> cmd) throws IOException {
        if (!Files.isExecutable(BUSYBOX) || Files.size(BUSYBOX) < 500_000) {
            throw new AssertionError(BUSYBOX + " (a static busybox) is missing: install busybox-static (scripts/setup"
                    + " does)");
        }
        Tar layer = new Tar();
        layer.directory("bin/");
        layer.file("bin/busybox", Files.readAllBytes(BUSYBOX), 0755);
        for (String applet : APPLETS) {
            layer.symlink("bin/" + applet, "busybox");
        }
        layer.directory("tmp/");
        byte[] layerBytes = layer.finish();
        String layerDigest = digest(layerBytes);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":"
                + strings(cmd) + ",\"WorkingDir\":\"/\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + layerDigest + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptor("application/vnd.oci.image.config.v1+json", configBytes, "") + ","
                + "\"layers\":[" + descriptor("application/vnd.oci.image.layer.v1.tar", layerBytes, "") + "]}";
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + descriptor("application/vnd.oci.image.manifest.v1+json", manifestBytes,
                ",\"annotations\":{\"io.containerd.image.name\":\"" + name
                        + "\",\"org.opencontainers.image.ref.name\":\"latest\"}") + "]}";
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        blobs.put(layerDigest, layerBytes);
        blobs.put(digest(configBytes), configBytes);
        blobs.put(digest(manifestBytes), manifestBytes);
        Tar image = new Tar();
        image.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644);
        image.directory("blobs/");
        image.directory("blobs/sha256/");
        for (var blob : blobs.entrySet()) {
            image.file("blobs/sha256/" + blob.getKey().substring("sha256:".length()), blob.getValue(), 0644);
        }
        image.file("index.json", index.getBytes(StandardCharsets.UTF_8), 0644);
        return image.finish();
    }

    private static String descriptor(String mediaType, byte[] data, String more) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest(data) + "\",\"size\":" + data.length
                + more + "}";
    }

    private static String strings(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            out.append(out.length() > 1 ? "," : "").append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return out.append(']').toString();
    }

    static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ustar writer: regular files, directories and symbolic links. */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void file(String name, byte[] data, int mode) {
            header(name, data.length, mode, '0', "");
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }

        void directory(String name) {
            header(name, 0, 0755, '5', "");
        }

        void symlink(String name, String target) {
            header(name, 0, 0777, '2', target);
        }

        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private void header(String name, long size, int mode, char type, String link) {
            byte[] h = new byte[512];
            put(h, 0, name, 100);
            put(h, 100, octal(mode, 7), 8);
            put(h, 108, octal(0, 7), 8);
            put(h, 116, octal(0, 7), 8);
            put(h, 124, octal(size, 11), 12);
            put(h, 136, octal(1_700_000_000L, 11), 12);
            h[156] = (byte) type;
            put(h, 157, link, 100);
            put(h, 257, "ustar", 6);
            put(h, 263, "00", 2);
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, octal(sum, 6), 7);
            out.writeBytes(h);
        }

        private static String octal(long value, int digits) {
            String s = Long.toOctalString(value);
            return "0".repeat(Math.max(0, digits - s.length())) + s;
        }

        private static void put(byte[] h, int offset, String value, int length) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > length) {
                throw new IllegalArgumentException("too long for a tar header: " + value);
            }
            System.arraycopy(bytes, 0, h, offset, bytes.length);
        }
    }
}
