package dev.anvil.ctl;

import dev.anvil.imager.Uki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl image uki: a unified kernel image from a built image, signed for Secure Boot when given a key (Talos's
 * imager makes its Secure Boot images the same way: UKI with the command line inside, signed).
 */
@Command(name = "uki", description = "Build a unified kernel image (EFI stub, kernel, initramfs and kernel command"
        + " line in one EFI binary) from a built image, signed for Secure Boot when a key is given.")
final class ImageUkiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--image", description = "The built image's directory (default: _out).", defaultValue = "_out")
    Path image;
    @Option(names = {"-o", "--output"}, description = "The EFI binary to write (default: IMAGE/anvil.efi).")
    Path output;
    @Option(names = "--extra-kernel-arg", description = "A kernel argument to add (repeatable); it is signed with"
            + " the rest, since the stub ignores a boot loader's command line under Secure Boot.")
    List<String> extraKernelArgs = new ArrayList<>();
    @Option(names = "--signing-key", description = "The Secure Boot signing key (PEM, unencrypted).")
    Path signingKey;
    @Option(names = "--signing-cert", description = "The signing key's certificate (PEM), as enrolled in the"
            + " firmware's db.")
    Path signingCert;

    @Override
    public Integer call() throws Exception {
        if ((signingKey == null) != (signingCert == null)) {
            throw new IllegalArgumentException("--signing-key and --signing-cert go together");
        }
        Path target = (output != null ? output : image.resolve(Uki.FILE)).toAbsolutePath();
        Uki.build(image.toAbsolutePath(), extraKernelArgs,
                signingKey == null ? null : new Uki.Signing(signingKey, signingCert), target);
        spec.commandLine().getOut().println((signingKey == null ? "unsigned" : "signed") + " UKI: " + target);
        return 0;
    }
}
