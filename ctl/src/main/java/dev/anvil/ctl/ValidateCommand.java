package dev.anvil.ctl;

import dev.anvil.machinery.config.tool.ConfigTool;
import dev.anvil.machinery.config.validate.ValidationMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** anvilctl validate: checks a machine config file as talosctl validate does, printing every problem at once. */
@Command(name = "validate", description = "Validate a machine config file.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The config file.")
    Path config;

    @Option(names = {"-m", "--mode"}, required = true, description = "Where it will run: metal, container or cloud.")
    String mode;

    @Option(names = "--strict", description = "Treat warnings (such as settings Anvil does not implement) as errors.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        ValidationMode validationMode;
        try {
            validationMode = ValidationMode.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode " + mode + ": use metal, container or cloud");
        }
        return Outcomes.print(spec, ConfigTool.validate(Files.readString(config), validationMode, strict));
    }
}
