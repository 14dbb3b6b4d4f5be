package dev.anvil.machinery;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** machinery is shared by the CLI and the node: no OS code, no threads of its own, nothing from above it. */
class ArchitectureTest {

    private static final JavaClasses MACHINERY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.anvil.machinery");

    @Test
    void machinery_hasNoOsCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.lang.foreign..")
                .orShould().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Process.class, Runtime.class,
                        Thread.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..")
                .check(MACHINERY);
    }

    @Test
    void machinery_importsNothingAboveIt() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.anvil.machined..", "dev.anvil.sys..", "dev.anvil.ctl..", "dev.anvil.imager..")
                .check(MACHINERY);
    }

    @Test
    void configSchema_isGeneric() {
        noClasses().that().resideInAPackage("dev.anvil.machinery.config.schema..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.anvil.machinery.config.v1alpha1..",
                        "dev.anvil.machinery.config.document..", "dev.anvil.machinery.config.validate..",
                        "dev.anvil.machinery.config.patch..")
                .check(MACHINERY);
    }
}
