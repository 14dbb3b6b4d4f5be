package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.runtime.SecurityState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Talos's runtime.SecurityStateController: the {@link SecurityState} read once from the firmware's variables
 * (efivarfs): Secure Boot from the global {@code SecureBoot} variable, a UKI boot from the {@code StubInfo} variable
 * systemd's EFI stub sets. Without EFI (BIOS boots, container mode) both are false.
 */
public final class SecurityStateController implements Controller {
    /** EFI_GLOBAL_VARIABLE's GUID. */
    static final String SECURE_BOOT = "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";
    /** The systemd boot loader interface's vendor GUID. */
    static final String STUB_INFO = "StubInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    private final Path efivars;

    /** @param efivars where efivarfs is mounted (/sys/firmware/efi/efivars) */
    public SecurityStateController(Path efivars) {
        this.efivars = efivars;
    }

    @Override
    public String name() {
        return "runtime.SecurityStateController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(SecurityState.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Specs.put(ctx, SecurityState.KIND.pointer(SecurityState.ID),
                new SecurityState(secureBoot(), Files.exists(efivars.resolve(STUB_INFO))));
    }

    /** An efivarfs file is the variable's 4 attribute bytes, then its value: one byte, 1 when enforcing. */
    private boolean secureBoot() throws IOException {
        Path variable = efivars.resolve(SECURE_BOOT);
        if (!Files.exists(variable)) {
            return false;
        }
        byte[] content = Files.readAllBytes(variable);
        return content.length == 5 && content[4] == 1;
    }
}
