package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.DocumentKinds;
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
        List<String> model = SchemaWalker.walk(V1Alpha1.class).stream().map(SchemaWalker.Entry::path).toList();

        assertThat(model).containsExactlyInAnyOrderElementsOf(lines("/talos-v1alpha1-paths.txt"));
    }

    @Test
    void modelledTalosKinds_acceptExactlyTheTalosPaths() throws IOException {
        List<String> model = DocumentKinds.modelled().stream()
                .filter(kind -> kind.apiVersion().equals(ConfigDocument.TALOS_V1ALPHA1))
                .flatMap(kind -> SchemaWalker.walk(kind.type()).stream().map(e -> kind.kind() + " " + e.path()))
                .toList();

        assertThat(model).containsExactlyInAnyOrderElementsOf(lines("/talos-multidoc-paths.txt"));
    }

    private List<String> lines(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
