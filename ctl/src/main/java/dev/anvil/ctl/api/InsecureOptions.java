package dev.anvil.ctl.api;

import picocli.CommandLine.Option;

import java.io.IOException;

/** talosctl's flags for talking to a node in maintenance mode, on the commands that may (logs, dmesg, service). */
public final class InsecureOptions {
    @Option(names = {"-i", "--insecure"}, description = "Talk to a node in maintenance mode (no client certificate).")
    boolean insecure;

    @Option(names = "--cert-fingerprint", paramLabel = "SHA256",
            description = "With --insecure: accept only the server certificate with this fingerprint "
                    + "(default: any).")
    String fingerprint;

    /** A session as these flags and the global ones say. */
    public ApiSession open(GlobalOptions global) throws IOException {
        return insecure ? global.openInsecure(fingerprint) : global.open();
    }
}
