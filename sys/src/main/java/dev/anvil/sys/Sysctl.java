package dev.anvil.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Kernel parameters through /proc/sys (no syscall needed). Keys use dots ({@code net.ipv4.ip_forward}); a slash in
 * a key stands for a dot inside one name ({@code net.ipv4.conf.eth0/1.forwarding} is the VLAN link eth0.1).
 */
public final class Sysctl {
    /** A parameter's value is read in one read of this many bytes (the JDK's first chunk); none is longer. */
    private static final int MAX_VALUE = 16384;

    private final Path root;

    public Sysctl() {
        this(Path.of("/proc/sys"));
    }

    /** Parameters under another root than /proc/sys (tests use a directory). */
    public Sysctl(Path root) {
        this.root = root;
    }

    public Path path(String key) {
        if (key.isEmpty() || key.startsWith(".") || key.contains("..")) {
            throw new IllegalArgumentException("not a kernel parameter name: \"" + key + "\"");
        }
        Path p = root;
        for (String part : key.split("\\.")) {
            p = p.resolve(part.replace('/', '.'));
        }
        return p;
    }

    /**
     * The value without its trailing newline, or empty when the kernel has no such parameter. Read in one call: the
     * kernel answers a read of a number parameter at a non-zero offset with end of file, so reading a byte first
     * (as {@code Files.readString} does with a file whose size is 0) would see only the first digit.
     */
    public Optional<String> read(String key) {
        try (InputStream in = Files.newInputStream(path(key))) {
            return Optional.of(new String(in.readNBytes(MAX_VALUE), StandardCharsets.UTF_8).stripTrailing());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel parameter " + key, e);
        }
    }

    public void write(String key, String value) {
        try {
            Files.writeString(path(key), value, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("setting kernel parameter " + key + " to \"" + value + "\"", e);
        }
    }
}
