package dev.anvil.imager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Debian packages an image is made of, pinned: {@code image/debs.lock} holds one line per package, "name version
 * sha256 file". With a lock the build fetches exactly those files ({@code apt-get download name=version}) into a
 * cache directory, reuses what is there, and refuses a file whose digest differs; without one (or when asked to
 * update) it takes the newest versions apt knows and writes the lock.
 */
public final class DebLock {
    /** One pinned package. */
    public record Deb(String name, String version, String sha256, String file) {
        String line() {
            return name + " " + version + " " + sha256 + " " + file;
        }
    }

    private final Path lockFile;
    private final Path cache;
    private final Consumer<String> progress;

    public DebLock(Path lockFile, Path cache, Consumer<String> progress) {
        this.lockFile = lockFile;
        this.cache = cache;
        this.progress = progress;
    }

    /** The packages pinned in the lock file, by name; empty when there is none. */
    public Map<String, Deb> read() throws IOException {
        Map<String, Deb> debs = new TreeMap<>();
        if (!Files.exists(lockFile)) {
            return debs;
        }
        for (String line : Files.readAllLines(lockFile)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                throw new IOException(lockFile + ": a line needs name, version, sha256 and file: " + line);
            }
            debs.put(f[0], new Deb(f[0], f[1], f[2], f[3]));
        }
        return debs;
    }

    /**
     * The .deb files of {@code names}, downloaded when not in the cache. A name the lock does not pin (or every
     * name, with {@code update}) is resolved to apt's newest version and written to the lock.
     */
    public Map<String, Path> fetch(List<String> names, boolean update) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Map<String, Deb> locked = update ? new TreeMap<>() : read();
        locked.keySet().retainAll(names);
        List<String> missing = names.stream().filter(n -> !locked.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            progress.accept("resolving " + String.join(" ", missing));
            Path fresh = Files.createTempDirectory(cache, "download");
            try {
                aptDownload(fresh, missing);
                try (var files = Files.list(fresh)) {
                    for (Path f : files.toList()) {
                        String file = f.getFileName().toString();
                        String[] parts = file.split("_");
                        String name = parts[0];
                        String version = parts[1].replace("%3a", ":");
                        Files.move(f, cache.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        locked.put(name, new Deb(name, version, sha256(cache.resolve(file)), file));
                    }
                }
            } finally {
                deleteTree(fresh);
            }
            List<String> lines = new ArrayList<>();
            lines.add("# The Debian packages of the Anvil image: name version sha256 file (anvilctl image build"
                    + " --update-lock rewrites it)");
            locked.values().forEach(d -> lines.add(d.line()));
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            Files.write(lockFile, lines);
        }
        Map<String, Path> files = new TreeMap<>();
        for (String name : names) {
            Deb deb = locked.get(name);
            if (deb == null) {
                throw new IOException("apt did not download " + name);
            }
            Path file = cache.resolve(deb.file());
            if (!Files.exists(file) || !sha256(file).equals(deb.sha256())) {
                progress.accept("downloading " + deb.name() + " " + deb.version());
                Path fresh = Files.createTempDirectory(cache, "download");
                try {
                    aptDownload(fresh, List.of(deb.name() + "=" + deb.version()));
                    Files.move(fresh.resolve(deb.file()), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    deleteTree(fresh);
                }
            }
            String digest = sha256(file);
            if (!digest.equals(deb.sha256())) {
                throw new IOException(deb.file() + " has sha256 " + digest + ", the lock says " + deb.sha256());
            }
            files.put(name, file);
        }
        return files;
    }

    private static void aptDownload(Path dir, List<String> what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("apt-get", "download", "-q"));
        command.addAll(what);
        Tools.run(dir, command);
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
