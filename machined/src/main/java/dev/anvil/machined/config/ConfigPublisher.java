package dev.anvil.machined.config;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.resources.runtime.MachineConfig;

/**
 * The one writer of the {@code MachineConfig} resources: the boot code publishes the persisted config through it,
 * and so does every apply. {@link #activate} sets the config the node runs with (ID {@code v1alpha1}; the
 * controllers follow it), {@link #persisted} the one stored for the next boot (ID {@code persistent}), as Talos
 * keeps both.
 */
public final class ConfigPublisher {
    /** The owner of both resources. */
    public static final String OWNER = "machined";

    private final State state;
    private volatile Active active;

    /** A config the node runs with: its text and its documents. */
    public record Active(String text, ConfigBundle parsed) {
    }

    public ConfigPublisher(State state) {
        this.state = state;
    }

    /** Publishes the active config; its parse is handed to the controllers, which would otherwise parse it again. */
    public void activate(String text, ConfigBundle parsed) {
        ActiveConfig.remember(text, parsed);
        write(MachineConfig.ACTIVE, text);
        active = new Active(text, parsed);
    }

    /** The config last activated, or null before the first (maintenance mode). */
    public Active active() {
        return active;
    }

    /** Publishes what is stored for the next boot (the caller has stored it). */
    public void persisted(String text) {
        write(MachineConfig.PERSISTENT, text);
    }

    private void write(Pointer pointer, String text) {
        MachineConfig spec = new MachineConfig(text);
        state.modify(MachineConfig.resource(pointer, text), r -> r.withSpec(spec), UpdateOptions.owner(OWNER));
    }
}
