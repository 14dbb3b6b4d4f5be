package dev.anvil.machinery.config.document;

import java.util.List;

/**
 * Anvil only ({@code apiVersion: anvil.dev/v1alpha1}): the keys an upgrade bundle may be signed with. A node takes
 * a bundle only when its manifest's signature verifies with one of these keys; without this document it takes none.
 *
 * @param publicKeys ECDSA P-256 public keys, each a PEM {@code PUBLIC KEY} block (as {@code anvilctl gen
 *                   upgrade-key} writes them)
 */
public record UpgradeTrustConfig(List<String> publicKeys) implements ConfigDocument {
    public UpgradeTrustConfig {
        publicKeys = publicKeys == null ? List.of() : List.copyOf(publicKeys);
    }
}
