package dev.anvil.machinery.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of Anvil is, for the Version RPC and anvilctl version: its tag ({@code v} and the Maven version, as Talos's tags
 * read) and the commit it was built from. Maven's resource filtering writes both into build-info.properties, so
 * nothing is looked up at run time.
 */
public record BuildInfo(String tag, String sha) {
    private static final String RESOURCE = "build-info.properties";

    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
        return new BuildInfo(p.getProperty("tag", ""), p.getProperty("sha", ""));
    }
}
