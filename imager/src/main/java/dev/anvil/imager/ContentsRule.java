package dev.anvil.imager;

import java.util.List;
import java.util.Set;

/**
 * What an Anvil image must not hold (DESIGN.md): no shell, no package manager, no remote login, no busybox. Judged by
 * each entry's file name, so a renamed binary would pass; the image is assembled from an explicit list of files, and
 * this rule catches a package or a list that brings one in by mistake.
 */
public final class ContentsRule {
    static final Set<String> FORBIDDEN = Set.of(
            "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "rbash", "busybox", "toybox",
            "apt", "apt-get", "apt-cache", "aptitude", "dpkg", "dpkg-deb", "rpm", "yum", "dnf", "apk",
            "ssh", "sshd", "dropbear", "scp", "sftp-server", "telnetd", "login", "su", "sudo", "getty", "agetty");

    private ContentsRule() {
    }

    /** The entries (paths inside an image) that break the rule; empty when none does. */
    public static List<String> violations(List<String> entries) {
        return entries.stream().filter(ContentsRule::forbidden).sorted().toList();
    }

    static boolean forbidden(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return FORBIDDEN.contains(name);
    }
}
