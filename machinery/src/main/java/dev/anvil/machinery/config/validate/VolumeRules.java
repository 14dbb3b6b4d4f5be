package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.ExistingVolumeConfig;
import dev.anvil.machinery.config.document.RawVolumeConfig;
import dev.anvil.machinery.config.document.SwapVolumeConfig;
import dev.anvil.machinery.config.document.UserVolumeConfig;
import dev.anvil.machinery.config.document.VolumeConfig;
import dev.anvil.machinery.config.document.Volumes;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for the volume documents: names, volume types, disk selectors, sizes, filesystems and encryption. */
final class VolumeRules {

    /** The system volumes a VolumeConfig may configure. */
    static final Set<String> SYSTEM_VOLUMES = Set.of("STATE", "EPHEMERAL", "IMAGECACHE", "ETCD", "CRI", "KUBELET",
            "LOG");
    /** Partition labels have 36 characters; user, raw and swap volumes spend two on their prefix. */
    private static final int MAX_NAME = 34;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final Set<String> VOLUME_TYPES = Set.of("partition", "directory", "disk");
    private static final Set<String> FILESYSTEMS = Set.of("none", "xfs", "ext4", "btrfs");

    private VolumeRules() {
    }

    static void check(Findings f, ConfigBundle config) {
        for (ConfigDocument doc : config.documents()) {
            switch (doc) {
                case VolumeConfig v -> {
                    if (!SYSTEM_VOLUMES.contains(v.name())) {
                        f.error(v, "name", "VolumeConfig configures one of " + SYSTEM_VOLUMES);
                    }
                    sizes(f, v, v.provisioning());
                    encryption(f, v, v.encryption());
                }
                case UserVolumeConfig u -> user(f, u);
                case RawVolumeConfig r -> {
                    name(f, r, r.name());
                    selectorRequired(f, r, r.provisioning());
                    sizes(f, r, r.provisioning());
                    encryption(f, r, r.encryption());
                }
                case SwapVolumeConfig s -> {
                    name(f, s, s.name());
                    selectorRequired(f, s, s.provisioning());
                    sizes(f, s, s.provisioning());
                    encryption(f, s, s.encryption());
                }
                case ExistingVolumeConfig e -> {
                    name(f, e, e.name());
                    if (e.discovery() == null || e.discovery().volumeSelector() == null
                            || Pki.isEmpty(e.discovery().volumeSelector().match())) {
                        f.error(e, "discovery.volumeSelector.match", "a volume selector is required");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void user(Findings f, UserVolumeConfig u) {
        name(f, u, u.name());
        String type = u.volumeType() == null ? "partition" : u.volumeType();
        if (!VOLUME_TYPES.contains(type)) {
            f.error(u, "volumeType", "volume type must be one of " + VOLUME_TYPES);
            return;
        }
        if (type.equals("directory")) {
            notFor(f, u, "provisioning", u.provisioning() != null);
            notFor(f, u, "encryption", u.encryption() != null);
            notFor(f, u, "filesystem", u.filesystem() != null);
            notFor(f, u, "mount.disableAccessTime", u.mount() != null && u.mount().disableAccessTime() != null);
            return;
        }
        if (type.equals("partition")) {
            selectorRequired(f, u, u.provisioning());
        }
        sizes(f, u, u.provisioning());
        encryption(f, u, u.encryption());
        var fs = u.filesystem();
        if (fs != null) {
            String fsType = fs.type() == null ? "xfs" : fs.type();
            if (!FILESYSTEMS.contains(fsType)) {
                f.error(u, "filesystem.type", "filesystem type must be one of " + FILESYSTEMS);
            } else if (!fsType.equals("xfs") && (Boolean.TRUE.equals(fs.projectQuotaSupport()) || fs.xfs() != null)) {
                f.error(u, "filesystem", "project quotas and xfs options need the xfs filesystem");
            }
        }
    }

    private static void notFor(Findings f, ConfigDocument doc, String path, boolean present) {
        if (present) {
            f.error(doc, path, "not allowed for a directory volume");
        }
    }

    private static void name(Findings f, ConfigDocument doc, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            f.error(doc, "name", "a name of 1 to " + MAX_NAME + " letters, digits and hyphens is required");
        }
    }

    private static void selectorRequired(Findings f, ConfigDocument doc, Volumes.Provisioning provisioning) {
        if (provisioning == null || provisioning.diskSelector() == null
                || Pki.isEmpty(provisioning.diskSelector().match())) {
            f.error(doc, "provisioning.diskSelector.match", "a disk selector is required");
        }
    }

    private static void sizes(Findings f, ConfigDocument doc, Volumes.Provisioning provisioning) {
        if (provisioning == null) {
            return;
        }
        if (provisioning.minSize() != null && !provisioning.minSize().isNumber()) {
            f.check(doc, "provisioning.minSize", provisioning.minSize().text(), Formats::size);
        }
        if (provisioning.maxSize() != null && !provisioning.maxSize().isNumber()) {
            f.check(doc, "provisioning.maxSize", provisioning.maxSize().text(), Formats::sizeOrPercent);
        }
    }

    private static void encryption(Findings f, ConfigDocument doc, Volumes.Encryption encryption) {
        if (encryption == null) {
            return;
        }
        if (!"luks2".equals(encryption.provider())) {
            f.error(doc, "encryption.provider", "the only encryption provider is luks2");
        }
        if (encryption.keys() == null || encryption.keys().isEmpty()) {
            f.error(doc, "encryption.keys", "encryption keys are required");
            return;
        }
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < encryption.keys().size(); i++) {
            var key = encryption.keys().get(i);
            String path = "encryption.keys[" + i + "]";
            int slot = key.slot() == null ? 0 : key.slot();
            if (!slots.add(slot)) {
                f.error(doc, path + ".slot", "duplicate key slot " + slot);
            }
            if (key.staticKey() == null && key.nodeID() == null && key.kms() == null && key.tpm() == null) {
                f.error(doc, path, "a key needs a type: static, nodeID, kms or tpm");
            }
            if (key.tpm() != null && key.tpm().options() != null && key.tpm().options().pcrs() != null
                    && key.tpm().options().pcrs().stream().anyMatch(pcr -> pcr < 0 || pcr > 23)) {
                f.error(doc, path + ".tpm.options.pcrs", "TPM PCRs are 0..23");
            }
        }
    }
}
