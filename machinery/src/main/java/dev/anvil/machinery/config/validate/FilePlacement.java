package dev.anvil.machinery.config.validate;

import java.util.Optional;

/**
 * Where a {@code machine.files} entry may go, by Talos's rules (its WriteUserFiles task): {@code create} only below
 * {@code /var} or in the static pod manifests directory; {@code overwrite} and {@code append} anywhere (outside
 * {@code /var} the node writes below {@code /var} and binds the result over the file); the CRI customization part is
 * the CRI configuration's to write. Talos finds a bad path only
 * when the node writes the files; Anvil refuses the config up front.
 */
public final class FilePlacement {
    public static final String MANIFESTS = "/etc/kubernetes/manifests";
    /** The CRI configuration's part that generated configs carry; the CRI configuration writes it, not this. */
    public static final String CRI_CUSTOMIZATION = "/etc/cri/conf.d/20-customization.part";

    private FilePlacement() {
    }

    public static boolean inVar(String path) {
        String trimmed = path.replaceFirst("^/+", "");
        return trimmed.equals("var") || trimmed.startsWith("var/");
    }

    public static boolean inManifests(String path) {
        int slash = path.lastIndexOf('/');
        return slash > 0 && path.substring(0, slash).equals(MANIFESTS);
    }

    /** Why an entry with this path and op cannot be written, or empty when it can be tried. */
    public static Optional<String> refusal(String path, String op) {
        if (path == null || !path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
            return Optional.of("an absolute path without \"..\" is required");
        }
        if ("create".equals(op) && !inVar(path) && !inManifests(path) && !path.equals(CRI_CUSTOMIZATION)) {
            return Optional.of("create operation not allowed outside of /var: \"" + path + "\"");
        }
        return Optional.empty();
    }
}
