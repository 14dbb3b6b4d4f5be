package dev.anvil.ctl.cluster;

import java.nio.file.Path;

/** Where anvilctl keeps its files: $ANVIL_HOME, by default ~/.anvil. */
public final class AnvilHome {
    private AnvilHome() {
    }

    public static Path get() {
        String env = System.getenv("ANVIL_HOME");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".anvil");
    }

    /** The Anvil build anvilctl runs from (bin/anvilctl says where), which holds bin/machined. */
    public static Path anvilRoot() {
        String root = System.getProperty("anvil.root");
        if (root == null) {
            throw new IllegalStateException("run anvilctl through bin/anvilctl (it tells where bin/machined is)");
        }
        return Path.of(root);
    }
}
