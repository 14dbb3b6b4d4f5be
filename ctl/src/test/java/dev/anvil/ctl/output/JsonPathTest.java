package dev.anvil.ctl.output;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPathTest {
    private static final Map<String, Object> SPEC = Map.of(
            "stage", "running",
            "status", Map.of("ready", true, "unmetConditions", List.of()),
            "aliases", List.of("svc", "service"),
            "ports", List.of(1, 2, 3, 4),
            "weird key", "w");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{.stage}|running",
            "{.status.ready}|true",
            "{.aliases[:]}|svc service",
            "{.aliases[*]}|svc service",
            "{.aliases[0]}|svc",
            "{.ports[-1]}|4",
            "{.ports[1:3]}|2 3",
            "{$.stage}|running",
            "{['weird key']}|w",
            "stage={.stage}, ready={.status.ready}|stage=running, ready=true",
            "{.status.unmetConditions}|[]",
            "{.missing}|''",
            "{.stage}{\"!\"}|running!"})
    void text_asATableColumn(String template, String expected) {
        assertThat(JsonPath.parse(template).allowingMissingKeys().text(SPEC)).isEqualTo(expected);
    }

    @Test
    void text_ofAMap_isGoFormatted() {
        assertThat(JsonPath.parse("{.status}").text(SPEC)).isEqualTo("map[ready:true unmetConditions:[]]");
    }

    @Test
    void missingKey_isAnErrorUnlessAllowed() {
        assertThatThrownBy(() -> JsonPath.parse("{.spec.nope}").results(Map.of("spec", Map.of())))
                .hasMessage("nope is not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{.a", "{..a}", "{range .items[*]}{end}", "{.a[?(@.b)]}", "{.a[x]}", "{.a b}"})
    void unsupportedOrBrokenTemplates_areRefusedWhenParsed(String template) {
        assertThatThrownBy(() -> JsonPath.parse(template)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void results_groupTextAndValues() {
        assertThat(JsonPath.parse("id: {.aliases[*]}").results(SPEC))
                .containsExactly(List.of("id: "), List.of("svc", "service"));
    }
}
