package dev.anvil.machinery.config.v1alpha1;

import dev.anvil.machinery.config.schema.YamlKey;
import java.util.List;

/** {@code machine.systemDiskEncryption}: LUKS2 settings for the STATE and EPHEMERAL partitions. */
public final class Encryption {

    private Encryption() {
    }

    public record SystemDisk(Partition state, Partition ephemeral) {
    }

    public record Partition(String provider, List<Key> keys, String cipher, Long keySize, Long blockSize,
                            List<String> options) {
    }

    public record Key(@YamlKey("static") Static staticKey, NodeId nodeID, Kms kms, Tpm tpm, Integer slot) {
    }

    public record Static(String passphrase) {
    }

    public record NodeId() {
    }

    public record Kms(String endpoint) {
    }

    public record Tpm(Boolean checkSecurebootStatusOnEnroll) {
    }
}
