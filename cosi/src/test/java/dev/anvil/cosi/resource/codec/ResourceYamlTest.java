package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.resource.codec.Samples.Address;
import dev.anvil.cosi.resource.codec.Samples.Family;
import dev.anvil.cosi.resource.codec.Samples.LinkSpec;
import dev.anvil.cosi.resource.codec.Samples.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResourceYamlTest {
    static final Instant T = Instant.parse("2021-06-23T19:22:29Z");

    static final LinkSpec LINK = new LinkSpec("eth0", 1500, true, Optional.of("00:11:22:33:44:55"),
            List.of(new Address("10.0.0.2/24", Family.INET4, Scope.GLOBAL),
                    new Address("fe80::1/64", Family.INET6, null)),
            null, Duration.ofSeconds(90), T.plusNanos(500_000_000), Map.of("b", "2", "a", "true"));

    static final Resource<LinkSpec> RESOURCE = new Resource<>(
            new Metadata("network", "LinkSpecs.net.talos.dev", "eth0", Version.of(3), "network.LinkSpecController",
                    Phase.TEARING_DOWN, T.plusMillis(250), T.plusSeconds(60), List.of("\"resource1", "resource2"),
                    new TreeMap<>(Map.of("z", "1", "a", "x y")), new TreeMap<>(Map.of("note", "123"))),
            LINK);

    @Test
    void encode_sampleResource_printsTheCosiForm() {
        assertThat(ResourceYaml.encode(RESOURCE)).isEqualTo("""
                metadata:
                    namespace: network
                    type: LinkSpecs.net.talos.dev
                    id: eth0
                    version: 3
                    owner: network.LinkSpecController
                    phase: tearingDown
                    created: 2021-06-23T19:22:29Z
                    updated: 2021-06-23T19:23:29Z
                    labels:
                        a: x y
                        z: '1'
                    annotations:
                        note: '123'
                    finalizers:
                        - '"resource1'
                        - resource2
                spec:
                    name: eth0
                    mtu: 1500
                    up: true
                    hardwareAddr: 00:11:22:33:44:55
                    addresses:
                        -   address: 10.0.0.2/24
                            family: inet4
                            scope: global
                        -   address: fe80::1/64
                            family: inet6
                    dad_timeout: 1m30s
                    since: 2021-06-23T19:22:29.5Z
                    annotations:
                        a: 'true'
                        b: '2'
                """);
    }

    @Test
    void encode_freshMetadata_printsEmptyOwnerAndOmitsEmptyCollections() {
        Resource<LinkSpec> fresh = new Resource<>(Metadata.of("default", "type", "aaa").withTimes(T, T),
                new LinkSpec("lo", 0, false, Optional.empty(), List.of(), "", null, null, Map.of()));
        assertThat(ResourceYaml.encode(fresh)).isEqualTo("""
                metadata:
                    namespace: default
                    type: type
                    id: aaa
                    version: undefined
                    owner:
                    phase: running
                    created: 2021-06-23T19:22:29Z
                    updated: 2021-06-23T19:22:29Z
                spec:
                    name: lo
                    mtu: 0
                    up: false
                    addresses: []
                    link_kind: ''
                    annotations: {}
                """);
    }

    @Test
    void encodeSpec_multiLineText_isALiteralBlockOrQuotedKey() {
        LinkSpec spec = new LinkSpec("a:\nb\n", 0, false, Optional.empty(), List.of(), null, null, null,
                Map.of("x:\ny", "z"));
        String yaml = ResourceYaml.encodeSpec(spec);
        assertThat(yaml).isEqualTo("""
                name: |
                    a:
                    b
                mtu: 0
                up: false
                addresses: []
                annotations:
                    ? "x:\\ny"
                    : z
                """);
        assertThat(ResourceYaml.decodeSpec(yaml, LinkSpec.class)).isEqualTo(spec);
    }

    @Test
    void encode_specKnownOnlyAsYaml_printsItUnderSpecInTheSameStyle() {
        String specYaml = ResourceYaml.encodeSpec(LINK);
        assertThat(ResourceYaml.encode(RESOURCE.metadata(), specYaml)).isEqualTo(ResourceYaml.encode(RESOURCE));
        assertThat(ResourceYaml.encode(RESOURCE.metadata(), "a:\n  b: [1, 2]\n")).endsWith("""
                spec:
                    a:
                        b: [1, 2]
                """);
        assertThat(ResourceYaml.encode(RESOURCE.metadata(), "")).endsWith("spec:\n");
    }

    @Test
    void decode_encodedResource_givesItBack() {
        Resource<LinkSpec> decoded = ResourceYaml.decode(ResourceYaml.encode(RESOURCE), LinkSpec.class);
        assertThat(decoded).isEqualTo(RESOURCE);
        assertThat(decoded.metadata().created()).isEqualTo(T);  // RFC 3339 to the second, as COSI prints it
        assertThat(decoded.metadata().updated()).isEqualTo(RESOURCE.metadata().updated());
    }

    @Test
    void decodeSpec_missingKeys_areNullEmptyOrZero() {
        assertThat(ResourceYaml.decodeSpec("name: eth1\n", LinkSpec.class))
                .isEqualTo(new LinkSpec("eth1", 0, false, Optional.empty(), List.of(), null, null, null, Map.of()));
    }

    @Test
    void decodeSpec_goStyleValues_parse() {
        LinkSpec spec = ResourceYaml.decodeSpec("""
                mtu: 9000
                up: True
                dad_timeout: 1h0.5s
                since: 2021-06-23T21:22:29+02:00
                addresses: [{address: 1.2.3.4, family: inet4, scope: host}]
                """, LinkSpec.class);
        assertThat(spec.up()).isTrue();
        assertThat(spec.dadTimeout()).isEqualTo(Duration.ofMillis(3_600_500));
        assertThat(spec.since()).isEqualTo(T);
        assertThat(spec.addresses()).containsExactly(new Address("1.2.3.4", Family.INET4, Scope.HOST));
    }

    @Test
    void decodeSpec_unknownKey_namesItsPath() {
        assertThatThrownBy(() -> ResourceYaml.decode("""
                metadata: {namespace: n, type: t, id: i, version: 1, phase: running,
                    created: 2021-06-23T19:22:29Z, updated: 2021-06-23T19:22:29Z}
                spec:
                    addresses:
                        - address: 1.2.3.4
                        - address: 1.2.3.5
                          prefix: 24
                """, LinkSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("spec.addresses[1].prefix: unknown key");
    }

    @Test
    void decode_unknownMetadataOrTopLevelKey_isRejected() {
        assertThatThrownBy(() -> ResourceYaml.decode("metadata: {colour: red}\nspec: {}\n", LinkSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metadata.colour: unknown key");
        assertThatThrownBy(() -> ResourceYaml.decode("metadata: {}\nspec: {}\nstatus: {}\n", LinkSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("status: unknown key");
    }

    @Test
    void decodeSpec_wrongValues_nameTheirPath() {
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("mtu: big\n", LinkSpec.class))
                .hasMessage("mtu: not an integer: \"big\"");
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("mtu: 3000000000\n", LinkSpec.class))
                .hasMessage("mtu: out of range for an int: 3000000000");
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("addresses: [{family: inet5}]\n", LinkSpec.class))
                .hasMessageStartingWith("addresses[0].family: \"inet5\" is not one of");
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("dad_timeout: 5 minutes\n", LinkSpec.class))
                .hasMessageStartingWith("dad_timeout: not a Go duration");
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("addresses: eth0\n", LinkSpec.class))
                .hasMessage("addresses: expected a sequence, got a scalar");
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("name: a\nname: b\n", LinkSpec.class))
                .hasMessage("duplicate key \"name\"");
    }

    @Test
    void decode_missingMetadataField_isRejected() {
        assertThatThrownBy(() -> ResourceYaml.decode("metadata: {namespace: n}\nspec: {}\n", LinkSpec.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata.type: missing");
    }
}
