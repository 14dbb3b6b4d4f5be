package dev.anvil.machinery.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An upgrade bundle: one zip file whose first entry is the {@link BundleManifest}, whose second is the manifest's
 * {@link BundleSignature}, and whose other entries are the files the manifest lists, in its order. The order lets a
 * node check the signature before it writes a byte, and each file's size and digest while it writes it, from a
 * stream it reads once (an upload).
 */
public final class Bundle {
    static final String MANIFEST = "anvil-bundle.manifest";
    static final String SIGNATURE = "anvil-bundle.sig";
    private static final int MAX_MANIFEST = 1 << 20;

    /** The bundle is refused: why, for the caller. Nothing was kept of it. */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    private Bundle() {
    }

    /** A file to put in a bundle: its path inside the bundle and where it is now. */
    public record Source(String path, Path file) {
    }

    /** Writes a signed bundle of these files; returns its manifest. */
    public static BundleManifest write(OutputStream out, String version, List<Source> sources, PrivateKey key)
            throws IOException {
        List<BundleManifest.Entry> entries = new ArrayList<>();
        for (Source s : sources) {
            try (InputStream in = Files.newInputStream(s.file())) {
                MessageDigest digest = sha256();
                long size = in.transferTo(new java.security.DigestOutputStream(OutputStream.nullOutputStream(),
                        digest));
                entries.add(new BundleManifest.Entry(s.path(), size, digest.digest()));
            }
        }
        BundleManifest manifest = new BundleManifest(version, entries);
        byte[] text = manifest.encode();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(1);
            put(zip, MANIFEST, text);
            put(zip, SIGNATURE, BundleSignature.sign(key, text));
            for (Source s : sources) {
                zip.putNextEntry(new ZipEntry(s.path()));
                Files.copy(s.file(), zip);
                zip.closeEntry();
            }
        }
        return manifest;
    }

    /**
     * Reads a bundle from a stream into an empty directory: refuses it ({@link Refused}) before writing anything when
     * its signature does not verify with a trusted key, and, when a file's size or digest differs from the
     * manifest's or a file is missing or unlisted, after writing, having emptied the directory again.
     */
    public static BundleManifest extract(InputStream in, List<PublicKey> trusted, Path into) throws IOException {
        if (trusted.isEmpty()) {
            throw new Refused("this node trusts no upgrade key (no UpgradeTrustConfig document in its config)");
        }
        ZipInputStream zip = new ZipInputStream(in);
        byte[] text = entry(zip, MANIFEST);
        byte[] signature = entry(zip, SIGNATURE);
        if (!BundleSignature.verify(trusted, text, signature)) {
            throw new Refused("the bundle's signature does not verify with any trusted key");
        }
        BundleManifest manifest;
        try {
            manifest = BundleManifest.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Refused("the bundle's manifest is malformed: " + e.getMessage());
        }
        try {
            copyFiles(zip, manifest, into);
        } catch (IOException | RuntimeException e) {
            empty(into);
            throw e;
        }
        return manifest;
    }

    /** The manifest of a bundle file, unverified (what a client shows before sending it). */
    public static BundleManifest manifestOf(Path bundle) throws IOException {
        try (InputStream in = Files.newInputStream(bundle)) {
            return BundleManifest.parse(entry(new ZipInputStream(in), MANIFEST));
        } catch (IllegalArgumentException e) {
            throw new Refused(bundle + " is not an Anvil bundle: " + e.getMessage());
        }
    }

    private static void copyFiles(ZipInputStream zip, BundleManifest manifest, Path into) throws IOException {
        Map<String, BundleManifest.Entry> listed = manifest.byPath();
        Set<String> seen = new HashSet<>();
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            BundleManifest.Entry expected = listed.get(e.getName());
            if (expected == null || !seen.add(e.getName())) {
                throw new Refused("the bundle holds a file its manifest does not list: " + e.getName());
            }
            Path target = into.resolve(expected.path()).normalize();
            if (!target.startsWith(into)) {
                throw new Refused("bad path in the bundle: " + e.getName());
            }
            Files.createDirectories(target.getParent());
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = Files.newOutputStream(target)) {
                size = new DigestInputStream(zip, digest).transferTo(out);
            }
            if (size != expected.size() || !Arrays.equals(digest.digest(), expected.sha256())) {
                throw new Refused("the bundle's " + e.getName() + " does not match its manifest's digest");
            }
        }
        if (seen.size() != listed.size()) {
            throw new Refused("the bundle lacks files its manifest lists");
        }
    }

    private static byte[] entry(ZipInputStream zip, String name) throws IOException {
        ZipEntry e = zip.getNextEntry();
        if (e == null || !e.getName().equals(name)) {
            throw new Refused("not an Anvil bundle: " + name + " is not where it should be");
        }
        byte[] bytes = zip.readNBytes(MAX_MANIFEST + 1);
        if (bytes.length > MAX_MANIFEST) {
            throw new Refused("not an Anvil bundle: " + name + " is too large");
        }
        return bytes;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** Removes everything under a directory, keeping the directory. */
    public static void empty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
