package dev.anvil.machined.upgrade;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's two boot slots, A and B, as its boot loader sees them: which one boots by default, which one boots once
 * at the next boot (an upgrade on trial), and what each holds. Container mode keeps them as directories under
 * /system/boot, read by bin/machined; a disk keeps them on its BOOT partition, read by GRUB (its grubenv's
 * next_entry is the one-shot boot). An upgrade writes the slot that is not running, and boots it once; the node makes
 * it the default only when it runs healthy.
 */
public interface BootSlots {
    List<String> LABELS = List.of("A", "B");

    /** A slot: its label and the version it holds (empty: nothing installed there). */
    record Slot(String label, String version) {
    }

    static String other(String label) {
        return label.equals("A") ? "B" : "A";
    }

    /** The slot this boot runs. */
    String running();

    /** The slot that boots when no one-shot boot is pending. */
    String defaultLabel() throws IOException;

    /** The slot that boots once at the next boot, if any. */
    Optional<String> next() throws IOException;

    /** The slots, A then B. */
    List<Slot> slots() throws IOException;

    /** Why the boot loader last fell back from a slot on trial, if it ever did (kept until the next upgrade). */
    Optional<String> rolledBack() throws IOException;

    /** Why the boot loader fell back at this boot, once: the first call after the fallback returns it. */
    Optional<String> takeFallback() throws IOException;

    /** An empty directory on the same file system as the slots, to receive a bundle before it replaces a slot. */
    Path staging() throws IOException;

    /** Replaces a slot's content with what was staged (a verified bundle of that version). */
    void install(String label, Path staged, String version) throws IOException;

    /** Boots this slot once at the next boot; the default stays. */
    void bootOnce(String label) throws IOException;

    /** Makes this slot the default and cancels any one-shot boot. */
    void makeDefault(String label) throws IOException;
}
