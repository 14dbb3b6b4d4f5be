package dev.anvil.machined.controllers.files;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.validate.FilePlacement;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The {@code machine.files} entries and Talos's rules for them (its WriteUserFiles task): {@code create} only
 * under {@code /var}; {@code overwrite} and {@code append} only of a regular file that exists, and outside
 * {@code /var} by writing the result under {@code /var} (at the same path below it) and binding it read-only over
 * the file; {@code append} adds a newline and the content to what the file held; files in the static pod
 * manifests directory are written where they are; the CRI customization part is left to the CRI configuration.
 */
public final class UserFiles {
    static final Set<String> OPS = Set.of("create", "append", "overwrite");
    static final String CRI_CUSTOMIZATION = FilePlacement.CRI_CUSTOMIZATION;
    /** When no permissions are given; Talos would write mode 0, which nobody can use. */
    static final int DEFAULT_MODE = 0644;

    private UserFiles() {
    }

    /** One entry as the config states it, with its mode parsed. */
    public record Entry(String path, String op, String content, int mode) {
        /** What identifies this entry's effect, so that an entry already written is not written again. */
        String digest() {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update((op + "\0" + mode + "\0" + path + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(content.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(sha.digest(), 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Whether the path lies below /var. */
        boolean inVar() {
            return FilePlacement.inVar(path);
        }
    }

    public static List<Entry> of(ConfigBundle config) {
        List<MachineConfig.File> files = config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().files())
                .orElse(null);
        if (files == null) {
            return List.of();
        }
        return files.stream().map(f -> new Entry(f.path() == null ? "" : f.path(), f.op() == null ? "" : f.op(),
                f.content() == null ? "" : f.content(), mode(f.permissions()))).toList();
    }

    /** {@code 0o644} and {@code 0644} are octal, a plain YAML number decimal (as Go reads it), a plain string octal. */
    static int mode(IntOrString permissions) {
        if (permissions == null || permissions.text().isEmpty()) {
            return DEFAULT_MODE;
        }
        String text = permissions.text();
        if (text.startsWith("0o") || text.startsWith("0O")) {
            return Integer.parseInt(text.substring(2), 8);
        }
        if (text.startsWith("0") || !permissions.isNumber()) {
            return Integer.parseInt(text, 8);
        }
        return Integer.parseInt(text);
    }

    /** Why an entry cannot be written whatever the files hold, or null when it can be tried. */
    static String refusal(Entry entry) {
        if (!OPS.contains(entry.op())) {
            return "unknown operation for file \"" + entry.path() + "\": \"" + entry.op() + "\"";
        }
        return FilePlacement.refusal(entry.path(), entry.op()).orElse(null);
    }

    static boolean inManifests(Entry entry) {
        return FilePlacement.inManifests(entry.path());
    }
}
