package dev.anvil.imager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A unified kernel image: systemd-boot's EFI stub (Debian's systemd-boot-efi) with the image's kernel, initramfs,
 * os-release and kernel command line added as PE sections (objcopy, the way systemd 252 documents it), signed for
 * Secure Boot with sbsign when a key is given. Firmware that checks the signature then vouches for all of it: the
 * kernel, the initramfs with machined, and the command line carrying the root's dm-verity hash (the stub ignores a
 * command line from the boot loader under Secure Boot), so the whole boot chain down to the root's blocks is
 * verified.
 */
public final class Uki {
    /** Where image build leaves the stub, beside the kernel it was built with. */
    public static final String STUB = "linuxx64.efi.stub";
    public static final String FILE = "anvil.efi";

    /** A Secure Boot signing key (PEM, unencrypted) and its certificate (PEM). */
    public record Signing(Path key, Path certificate) {
    }

    private Uki() {
    }

    /**
     * Builds {@code output} from an image directory ({@code vmlinuz}, the initramfs, {@code cmdline} and the stub),
     * with {@code extraArgs} added to the kernel's words (before the init arguments), signed when {@code signing}
     * is not null.
     */
    public static Path build(Path image, List<String> extraArgs, Signing signing, Path output)
            throws IOException, InterruptedException {
        for (String f : List.of("vmlinuz", ImageBuilder.INITRAMFS, "cmdline", STUB)) {
            if (!Files.exists(image.resolve(f))) {
                throw new IOException(image.resolve(f) + " is missing: build the image first (anvilctl image build)");
            }
        }
        Path work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".uki");
        try {
            Path cmdline = Files.writeString(work.resolve("cmdline"),
                    ImageBuilder.withKernelArgs(Files.readString(image.resolve("cmdline")).trim(), extraArgs));
            Path osRelease = Files.writeString(work.resolve("os-release"),
                    "NAME=Anvil\nID=anvil\nPRETTY_NAME=\"Anvil\"\n");
            Path unsigned = work.resolve("unsigned.efi");
            // the sections' addresses as systemd 252's manual gives them: the kernel and initrd far above the stub
            Tools.run(work, List.of("objcopy",
                    "--add-section", ".osrel=" + osRelease, "--change-section-vma", ".osrel=0x20000",
                    "--add-section", ".cmdline=" + cmdline, "--change-section-vma", ".cmdline=0x30000",
                    "--add-section", ".linux=" + image.resolve("vmlinuz"), "--change-section-vma", ".linux=0x2000000",
                    "--add-section", ".initrd=" + image.resolve(ImageBuilder.INITRAMFS),
                    "--change-section-vma", ".initrd=0x3000000",
                    image.resolve(STUB).toString(), unsigned.toString()));
            if (signing == null) {
                Files.move(unsigned, output, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Tools.run(work, List.of("sbsign", "--key", signing.key().toAbsolutePath().toString(), "--cert",
                        signing.certificate().toAbsolutePath().toString(), "--output", output.toString(),
                        unsigned.toString()));
            }
            return output;
        } finally {
            DebLock.deleteTree(work);
        }
    }
}
