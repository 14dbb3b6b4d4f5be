package dev.anvil.cosi.resource.meta;

import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec.PrintColumn;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec.Sensitivity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The names derived for a type, with the COSI runtime's expected values (meta/resource_definition_test.go). */
class ResourceDefinitionTest {

    @Test
    void spec_ofResourceDefinitions_derivesTheRuntimesAliases() {
        ResourceDefinitionSpec spec = ResourceDefinitionSpec.DEFINITION.spec();
        assertThat(ResourceDefinitionSpec.pointer(spec.type()).id()).isEqualTo("resourcedefinitions.meta.cosi.dev");
        assertThat(spec.displayType()).isEqualTo("ResourceDefinition");
        assertThat(spec.aliases()).containsExactly("api-resources", "resourcedefinition", "rd", "rds");
        assertThat(spec.allAliases()).containsExactly("resourcedefinitions", "resourcedefinitions.meta",
                "resourcedefinitions.meta.cosi", "api-resources", "resourcedefinition", "rd", "rds");
        assertThat(spec.printColumns()).containsExactly(new PrintColumn("Aliases", "{.aliases[:]}"));
        assertThat(spec.defaultNamespace()).isEqualTo("meta");
    }

    @Test
    void spec_withoutAutomaticAliases_keepsOnlyTheDeclaredOnes() {
        ResourceDefinitionSpec spec = ResourceDefinitionSpec.DEFINITION.withoutAutomaticAliases().spec();
        assertThat(spec.displayType()).isEqualTo("ResourceDefinition");
        assertThat(spec.aliases()).containsExactly("api-resources");
        assertThat(spec.allAliases()).containsExactly("api-resources");
    }

    @Test
    void spec_ofNamespaces() {
        ResourceDefinitionSpec spec = NamespaceSpec.DEFINITION.spec();
        assertThat(spec.displayType()).isEqualTo("Namespace");
        assertThat(spec.aliases()).containsExactly("ns", "namespace");
        assertThat(spec.allAliases()).containsExactly("namespaces", "namespaces.meta", "namespaces.meta.cosi", "ns",
                "namespace");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|missing suffix",
            ".|name is empty",
            "a.|suffix is empty",
            "test.cosi.dev|name should be in CamelCase",
            "1Test.cosi.dev|name doesn't match \"^[A-Z][A-Za-z0-9-]+$\"",
            "Test.cosi_dev|suffix doesn't match \"^[a-z][a-z0-9-]+(\\.[a-z][a-z0-9-]+)*$\"",
            "Test.cosi.dev|name should be plural"})
    void spec_ofAnInvalidType_saysWhatIsWrong(String type, String why) {
        assertThatThrownBy(() -> ResourceDefinition.of(type, "default").spec())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid resource definition " + type + ": " + why);
    }

    @ParameterizedTest
    @CsvSource({"MachineStatuses,MachineStatus", "Services,Service", "AddressSpecs,AddressSpec",
            "Identities,Identity", "Addresses,Address", "Processes,Process", "Infos,Info", "Switches,Switch"})
    void displayType_isTheSingular(String plural, String singular) {
        assertThat(ResourceDefinition.of(plural + ".test.dev", "x").spec().displayType()).isEqualTo(singular);
    }

    @Test
    void spec_survivesBothCodecs_andOmitsNonSensitivity() {
        ResourceDefinitionSpec sensitive = ResourceDefinition.of("Tests.cosi.dev", "default").withAliases("tst")
                .withPrintColumn("name", "{.name}").asSensitive().spec();
        assertThat(sensitive.sensitive()).isTrue();
        assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(sensitive), ResourceDefinitionSpec.class))
                .isEqualTo(sensitive);
        assertThat(ResourceYaml.decodeSpec(ResourceYaml.encodeSpec(sensitive), ResourceDefinitionSpec.class))
                .isEqualTo(sensitive);
        assertThat(ResourceYaml.encodeSpec(sensitive)).contains("sensitivity: sensitive");

        ResourceDefinitionSpec plain = ResourceDefinition.of("Tests.cosi.dev", "default").spec();
        assertThat(ResourceYaml.encodeSpec(plain)).doesNotContain("sensitivity").contains("printColumns: []");
        assertThat(new ResourceDefinitionSpec("T", "T", "", List.of(), List.of(), List.of(),
                Optional.of(Sensitivity.NON_SENSITIVE)).sensitivity()).isEmpty();
    }

    @Test
    void isCalled_matchesTypeAndEveryAliasIgnoringCase() {
        ResourceDefinitionSpec spec = ResourceDefinition.of("MachineStatuses.runtime.talos.dev", "runtime").spec();
        assertThat(List.of("MachineStatus", "machinestatuses", "MACHINESTATUSES.runtime", "ms",
                "machinestatuses.runtime.talos.dev")).allMatch(spec::isCalled);
        assertThat(spec.isCalled("machine")).isFalse();
        assertThat(spec.aliases()).containsExactly("machinestatus", "ms");
    }
}
