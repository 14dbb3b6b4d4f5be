package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    /** The module's tests run in machinery/; the docs live at the root of the repository. */
    private static final Path REFERENCE = Path.of("..", "docs", "config-reference.md");

    @Test
    void docsReference_matchesTheModel() throws IOException {
        String generated = ConfigReference.markdown();
        if (Boolean.getBoolean("anvil.docs.update")) {
            Files.createDirectories(REFERENCE.getParent());
            Files.writeString(REFERENCE, generated);
        }

        assertThat(REFERENCE).as("docs/config-reference.md is missing or stale; rerun this test with "
                + "-Danvil.docs.update=true").exists();
        assertThat(Files.readString(REFERENCE)).as("docs/config-reference.md is stale; rerun this test with "
                + "-Danvil.docs.update=true").isEqualTo(generated);
    }

    @Test
    void reference_listsObsoleteUnimplementedAndMergeRules() {
        String reference = ConfigReference.markdown();

        assertThat(reference).contains("| `machine.network.interfaces[].vlans` |", "patches merge items by vlanId",
                "| `persist` | boolean | obsolete:", "not implemented yet: KubeSpan", "## LinkConfig",
                "- `KubeSpanConfig`");
    }
}
