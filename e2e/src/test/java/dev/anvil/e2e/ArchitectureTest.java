package dev.anvil.e2e;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module map of DESIGN.md, enforced: a module may use only the modules below it (directly or through another),
 * never one beside or above it. Maven's dependency graph already refuses most wrong imports; this also catches a
 * dependency added to a pom by mistake, and it keeps the layers inside cosi in one direction.
 */
class ArchitectureTest {
    /** Each module's package root and every Anvil module it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "cosi", Set.of(),
            "api", Set.of(),
            "sys", Set.of(),
            "machinery", Set.of("cosi", "api"),
            "machined", Set.of("machinery", "cosi", "api", "sys"),
            "ctl", Set.of("machinery", "cosi", "api", "sys", "imager"),
            "imager", Set.of("machinery", "cosi", "api"));

    private static final List<String> MODULES = List.of(
            "cosi", "api", "sys", "machinery", "machined", "ctl", "imager", "e2e", "bench");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.anvil");
    }

    @Test
    void everyModuleUsesOnlyTheModulesBelowIt() {
        ALLOWED.forEach((module, allowed) -> {
            for (String other : MODULES) {
                if (!other.equals(module) && !allowed.contains(other)) {
                    ArchRule rule = noClasses().that().resideInAPackage("dev.anvil." + module + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.anvil." + other + "..")
                            .allowEmptyShould(true)
                            .because(module + " sits below or beside " + other + " in DESIGN.md's module map");
                    rule.check(classes);
                }
            }
        });
    }

    @Test
    void cosiLayers_resourceBelowState() {
        noClasses().that().resideInAPackage("dev.anvil.cosi.resource..")
                .should().dependOnClassesThat().resideInAPackage("dev.anvil.cosi.state..")
                .check(classes);
    }

    @Test
    void everyClassLivesInAKnownModule() {
        for (JavaClass c : classes) {
            String rest = c.getPackageName().substring("dev.anvil.".length());
            String module = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
            assertThat(MODULES).as("module of %s", c.getName()).contains(module);
        }
        assertThat(classes.containPackage("dev.anvil.cosi.state")).as("the import found the modules").isTrue();
    }
}
