package dev.anvil.machinery.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test configs from src/test/resources/configs. */
public final class Resources {

    private Resources() {
    }

    public static String config(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test config " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
