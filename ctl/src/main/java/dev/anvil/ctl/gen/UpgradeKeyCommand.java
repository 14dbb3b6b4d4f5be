package dev.anvil.ctl.gen;

import dev.anvil.ctl.OutputFiles;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.upgrade.BundleSignature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/**
 * anvilctl gen upgrade-key (Anvil only): an ECDSA P-256 key to sign upgrade bundles with (NAME.key, PKCS#8 PEM,
 * both files mode 0600) and its public half (NAME.pub), which nodes trust through an UpgradeTrustConfig document.
 */
@Command(name = "upgrade-key", description = "Generate an ECDSA P-256 key to sign upgrade bundles with (NAME.key) "
        + "and its public key for the nodes' UpgradeTrustConfig (NAME.pub).")
final class UpgradeKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--name", defaultValue = "upgrade", description = "The files' name (default: ${DEFAULT-VALUE}).")
    Path name;
    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        KeyPair pair = BundleSignature.generate();
        Path key = Path.of(name + ".key");
        Path pub = Path.of(name + ".pub");
        OutputFiles.write(key, PemCodec.privateKey(pair), force);
        OutputFiles.write(pub, BundleSignature.publicKeyPem(pair.getPublic()), force);
        spec.commandLine().getOut().println("created " + key + " and " + pub);
        return 0;
    }
}
