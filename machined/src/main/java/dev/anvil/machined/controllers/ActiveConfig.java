package dev.anvil.machined.controllers;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.resources.runtime.MachineConfig;

import java.util.Optional;

/**
 * The parsed documents of the {@code MachineConfig} resource (ID {@code v1alpha1}), which holds the config as text.
 * Every config controller reads it; the last parse is kept, so one config is parsed once however many controllers
 * read it (the boot code hands over the parse it already made). A resource is immutable, so its text identifies
 * its parse.
 */
public final class ActiveConfig {
    /** The weak input on the active config that every config controller declares. */
    public static final Input INPUT = Input.weak(MachineConfig.NAMESPACE, MachineConfig.TYPE)
            .withId(MachineConfig.ACTIVE.id());

    private record Parsed(String text, ConfigBundle bundle) {
    }

    private static volatile Parsed last;

    private ActiveConfig() {
    }

    /** Records a parse made elsewhere (at boot), so the controllers need not parse the same text again. */
    public static void remember(String text, ConfigBundle bundle) {
        last = new Parsed(text, bundle);
    }

    /** The active config's documents, or empty when the node has none (maintenance mode). */
    public static Optional<ConfigBundle> read(ControllerReader reader) {
        return Specs.find(reader, MachineConfig.ACTIVE, MachineConfig.class).map(r -> parse(r.spec().yaml()));
    }

    static ConfigBundle parse(String text) {
        Parsed parsed = last;
        if (parsed != null && parsed.text().equals(text)) {
            return parsed.bundle();
        }
        // the boot code stores only a config that loaded, so what loads here is what it validated
        ConfigBundle bundle = ConfigLoader.load(text, false).config();
        last = new Parsed(text, bundle);
        return bundle;
    }
}
