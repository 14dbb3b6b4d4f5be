package dev.anvil.ctl.output;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected texts are what Go's encoding/json prints with SetIndent("", "    "). */
class JsonTextTest {

    @Test
    void indented_sortsKeys_andPrintsEmptyContainersInline() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("spec", Map.of("b", List.of(), "a", Map.of()));
        value.put("node", "10.5.0.2");
        value.put("metadata", Map.of("version", 2, "owner", "", "x", List.of(true, 1.5)));
        assertThat(JsonText.indented(value)).isEqualTo("""
                {
                    "metadata": {
                        "owner": "",
                        "version": 2,
                        "x": [
                            true,
                            1.5
                        ]
                    },
                    "node": "10.5.0.2",
                    "spec": {
                        "a": {},
                        "b": []
                    }
                }""");
    }

    @Test
    void strings_areEscapedAsGoEscapesThem() {
        assertThat(JsonText.compact("a\"b\\c\n\t<x>&\u0001\u2028é"))
                .isEqualTo("\"a\\\"b\\\\c\\n\\t\\u003cx\\u003e\\u0026\\u0001\\u2028é\"");
    }

    @Test
    void numbers_andNull() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", null);
        value.put("b", 100.0);
        value.put("c", 1e21);
        value.put("d", 1e-7);
        value.put("e", new BigInteger("123456789012345678901234567890"));
        value.put("f", 0.000001);
        assertThat(JsonText.compact(value))
                .isEqualTo("{\"a\":null,\"b\":100,\"c\":1e+21,\"d\":1e-7,\"e\":123456789012345678901234567890,"
                        + "\"f\":0.000001}");
    }
}
