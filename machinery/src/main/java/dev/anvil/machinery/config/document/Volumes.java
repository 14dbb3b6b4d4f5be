package dev.anvil.machinery.config.document;

import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.schema.YamlKey;
import java.util.List;

/** Pieces shared by the volume documents. */
public final class Volumes {

    private Volumes() {
    }

    /** Where a volume lives: a CEL disk selector and a size range. */
    public record Provisioning(Selector diskSelector, Boolean grow, IntOrString minSize, IntOrString maxSize) {
    }

    public record Selector(String match) {
    }

    public record Filesystem(String type, Boolean projectQuotaSupport, Xfs xfs) {
    }

    public record Xfs(IntOrString minAllocationGroupSize) {
    }

    public record Mount(Boolean secure, Boolean disableAccessTime) {
    }

    public record UserMount(Boolean disableAccessTime, Boolean secure) {
    }

    public record ExistingMount(Boolean readOnly, Boolean disableAccessTime, Boolean secure) {
    }

    public record Discovery(Selector volumeSelector) {
    }

    public record Periodic(Boolean enabled, String interval) {
    }

    public record Encryption(String provider, List<Key> keys, String cipher, Long keySize, Long blockSize,
                             List<String> options, Boolean allowDiscards) {
    }

    public record Key(Integer slot, @YamlKey("static") Static staticKey, NodeId nodeID, Kms kms, Tpm tpm,
                      Boolean lockToState) {
    }

    public record Static(String passphrase) {
    }

    public record NodeId() {
    }

    public record Kms(String endpoint) {
    }

    public record Tpm(TpmOptions options, Boolean checkSecurebootStatusOnEnroll) {
    }

    public record TpmOptions(List<Integer> pcrs) {
    }
}
