package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Pointer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dependency database checks of cosi.md 6.4 (#100) and the export order of 3.5. */
class DependencyDatabaseTest {
    private final DependencyDatabase db = new DependencyDatabase();

    @Test
    void exclusiveOutput_claimedTwice_failsNamingTheOwner() {
        db.addOutputs("ControllerBook", List.of(Output.exclusive("Book")));
        assertThatThrownBy(() -> db.addOutputs("ControllerBook2", List.of(Output.exclusive("Book"))))
                .hasMessage("resource \"Book\" is already managed in exclusive mode by \"ControllerBook\"");
        assertThatThrownBy(() -> db.addOutputs("ControllerBook2", List.of(Output.shared("Book"))))
                .hasMessage("resource \"Book\" is already managed in exclusive mode by \"ControllerBook\"");
    }

    @Test
    void sharedOutput_claimedExclusively_failsNamingTheSharer() {
        db.addOutputs("ControllerBook", List.of(Output.shared("Magazine")));
        assertThatThrownBy(() -> db.addOutputs("ControllerOther", List.of(Output.exclusive("Magazine"))))
                .hasMessage("resource \"Magazine\" is already managed in shared mode by \"ControllerBook\"");
    }

    @Test
    void sharedOutput_declaredTwiceByOneController_fails() {
        db.addOutputs("ControllerBook", List.of(Output.shared("Magazine")));
        db.addOutputs("ControllerOther", List.of(Output.shared("Magazine")));
        assertThatThrownBy(() -> db.addOutputs("ControllerBook", List.of(Output.shared("Magazine"))))
                .hasMessage("duplicate shared controller output: \"Magazine\" -> \"ControllerBook\"");
    }

    @Test
    void outputs_failedRegistration_changesNothing() {
        db.addOutputs("A", List.of(Output.exclusive("Book")));
        assertThatThrownBy(() -> db.addOutputs("B", List.of(Output.exclusive("Paper"), Output.exclusive("Book"))));
        db.addOutputs("C", List.of(Output.exclusive("Paper")));
    }

    @Test
    void outputs_areSortedExclusiveFirstThenByType() {
        db.addOutputs("C", List.of(Output.shared("A"), Output.exclusive("Z"), Output.exclusive("B")));
        assertThat(db.outputs("C")).containsExactly(Output.exclusive("B"), Output.exclusive("Z"), Output.shared("A"));
    }

    @Test
    void inputs_areSortedByNamespaceTypeAndId_andDuplicatesRefused() {
        db.setInputs("C", List.of(Input.weak("ns2", "A"), Input.strong("ns1", "B").withId("x"),
                Input.weak("ns1", "B")));
        assertThat(db.inputs("C")).containsExactly(Input.weak("ns1", "B"), Input.strong("ns1", "B").withId("x"),
                Input.weak("ns2", "A"));
        assertThatThrownBy(() -> db.setInputs("D", List.of(Input.weak("ns", "A"), Input.strong("ns", "A"))))
                .hasMessageContaining("duplicate input");
    }

    @Test
    void dependents_kindSubscribersSeeEveryId_idSubscribersOnlyTheirs_andReplacedInputsAreGone() {
        db.setInputs("Kind", List.of(Input.weak("ns", "A")));
        db.setInputs("One", List.of(Input.weak("ns", "A").withId("one")));
        assertThat(db.dependents(new Pointer("ns", "A", "one"))).extracting(DependencyDatabase.Subscription::controller)
                .containsExactlyInAnyOrder("Kind", "One");
        assertThat(db.dependents(new Pointer("ns", "A", "two"))).extracting(DependencyDatabase.Subscription::controller)
                .containsExactly("Kind");
        assertThat(db.dependents(new Pointer("other", "A", "one"))).isEmpty();

        db.setInputs("One", List.of());
        assertThat(db.dependents(new Pointer("ns", "A", "one"))).extracting(DependencyDatabase.Subscription::controller)
                .containsExactly("Kind");
    }

    @Test
    void export_putsOutputsFirstThenSortsByControllerNamespaceTypeAndId() {
        db.addOutputs("ControllerBook", List.of(Output.shared("Magazine"), Output.exclusive("Book")));
        db.addOutputs("ControllerAuthor", List.of(Output.shared("Magazine")));
        db.setInputs("ControllerBook", List.of(Input.weak("default", "Author"), Input.strong("default", "Paper"),
                Input.destroyReady("default", "Book")));
        db.setInputs("ControllerAuthor", List.of(Input.weak("default", "Pen").withId("blue")));

        assertThat(db.export().toText()).isEqualTo("""
                ControllerBook -> Book [OUTPUT_EXCLUSIVE]
                ControllerAuthor -> Magazine [OUTPUT_SHARED]
                ControllerBook -> Magazine [OUTPUT_SHARED]
                Pen(default/blue) -> ControllerAuthor [INPUT_WEAK]
                Author(default) -> ControllerBook [INPUT_WEAK]
                Book(default) -> ControllerBook [INPUT_DESTROY_READY]
                Paper(default) -> ControllerBook [INPUT_STRONG]
                """);
    }

    @Test
    void export_asDot_drawsControllersAsBoxesAndResourcesAsEllipses() {
        db.addOutputs("Ctl", List.of(Output.exclusive("Out")));
        db.setInputs("Ctl", List.of(Input.weak("ns", "In")));
        assertThat(db.export().toDot()).isEqualTo("""
                digraph controllers {
                  "Ctl" [shape=box];
                  "Out" [shape=ellipse];
                  "In(ns)" [shape=ellipse];
                  "Ctl" -> "Out" [label="output_exclusive"];
                  "In(ns)" -> "Ctl" [label="input_weak", style=dashed];
                }
                """);
    }
}
