package dev.anvil.machinery.config.document;

import java.util.List;

/**
 * Anvil only ({@code apiVersion: anvil.dev/v1alpha1}): a service the node runs as a container of an imported image
 * in containerd's {@code system} namespace, as Talos runs its extension services. Its service (and container) ID is
 * {@code ext-NAME}, as Talos names extension services. {@code args} replace the image's command (after its
 * entrypoint); {@code environment} entries ({@code KEY=value}) come after the image's; {@code restart} is
 * {@code always} (the default), {@code untilSuccess} or {@code never}, Talos's extension restart values.
 */
public record ContainerServiceConfig(String name, String image, List<String> args, List<String> environment,
        String restart) implements ConfigDocument {
    public static final List<String> RESTART = List.of("always", "untilSuccess", "never");

    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
