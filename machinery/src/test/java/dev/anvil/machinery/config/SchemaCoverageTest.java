package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.SchemaWalker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCoverageTest {

    @Test
    void v1alpha1Model_acceptsExactlyTheTalosPaths() throws IOException {
        List<String> talos;
        try (InputStream in = getClass().getResourceAsStream("/talos-v1alpha1-paths.txt")) {
            talos = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }

        List<String> model = SchemaWalker.walk(V1Alpha1.class).stream().map(SchemaWalker.Entry::path).toList();

        assertThat(model).containsExactlyInAnyOrderElementsOf(talos);
    }
}
