package dev.anvil.ctl;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliReferenceTest {
    /** The module's tests run in ctl/; the docs live at the root of the repository. */
    private static final Path REFERENCE = Path.of("..", "docs", "cli-reference.md");

    @Test
    void docsReference_matchesTheCommands() throws IOException {
        String generated = CliReference.markdown();
        if (Boolean.getBoolean("anvil.docs.update")) {
            Files.writeString(REFERENCE, generated);
        }
        assertThat(REFERENCE).as("docs/cli-reference.md is missing; rerun this test with -Danvil.docs.update=true")
                .exists();
        assertThat(Files.readString(REFERENCE)).as("docs/cli-reference.md is stale; rerun this test with "
                + "-Danvil.docs.update=true").isEqualTo(generated);
        assertThat(generated).contains("## anvilctl cluster create", "--cidr=<cidr>", "## anvilctl validate");
    }
}
