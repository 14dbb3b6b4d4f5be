package dev.anvil.machinery.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Shared test bundles: one we generate (RSA-4096 makes that take a second, so once per JVM) and one Talos made:
 * {@code secrets/talos-secrets.yaml} is siderolabs/talos's pkg/machinery/config/generate/secrets/testdata/secrets.yaml
 * (commit badbc51e), with an Ed25519 OS CA, ECDSA CAs and service-account key, and a URL-safe cluster id.
 */
public final class Bundles {

    public static final SecretsBundle GENERATED = SecretsBundle.generate(Instant.parse("2026-01-01T00:00:00Z"),
            new SecureRandom());

    private Bundles() {
    }

    public static String talosText() {
        try (InputStream in = Bundles.class.getResourceAsStream("/secrets/talos-secrets.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SecretsBundle talos() {
        return SecretsFile.parse(talosText());
    }
}
