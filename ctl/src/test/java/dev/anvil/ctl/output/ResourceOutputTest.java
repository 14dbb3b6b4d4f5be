package dev.anvil.ctl.output;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.EventType;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import dev.anvil.machinery.resources.runtime.ServiceResource;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four formats over resources as a client receives them (raw specs: the client need not know the type). */
class ResourceOutputTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final ResourceDefinitionSpec SERVICES = ServiceResource.DEFINITION.spec();

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    private static Resource<?> service(String id, boolean healthy) {
        var spec = new ServiceResource(true, healthy, false);
        Metadata md = new Metadata("runtime", ServiceResource.TYPE, id, Version.of(3), "machined", Phase.RUNNING,
                T, T, List.of(), new TreeMap<>(), new TreeMap<>());
        return new Resource<>(md, new RawSpec(ByteString.copyFrom(ProtoSpecCodec.encode(spec)),
                ResourceYaml.encodeSpec(spec)));
    }

    @Test
    void table_hasTalosColumns_andTheDefinitionsOnes() {
        var table = ResourceOutput.of("table", out);
        table.header(SERVICES, false);
        table.write("10.5.0.2", service("etcd", true), null);
        table.write("10.5.0.2", service("apid", false), null);
        table.flush();
        assertThat(text.toString()).isEqualTo("""
                NODE       NAMESPACE   TYPE      ID     VERSION   RUNNING   HEALTHY   HEALTH UNKNOWN
                10.5.0.2   runtime     Service   etcd   3         true      true      false
                10.5.0.2   runtime     Service   apid   3         true      false     false
                """);
    }

    @Test
    void table_inAWatch_marksEvents() {
        var table = ResourceOutput.of("table", out);
        table.header(SERVICES, true);
        table.write("n1", service("etcd", true), EventType.CREATED);
        table.write("n1", service("etcd", true), EventType.BOOTSTRAPPED);
        table.flush();
        table.write("n1", service("etcd", false), EventType.UPDATED);
        table.flush();
        table.write("n1", service("etcd", false), EventType.DESTROYED);
        table.flush();
        assertThat(text.toString().lines()).containsExactly(
                "NODE   *   NAMESPACE   TYPE      ID     VERSION   RUNNING   HEALTHY   HEALTH UNKNOWN",
                "n1     +   runtime     Service   etcd   3         true      true      false",
                "n1       runtime   Service   etcd   3   true   false   false",
                "n1   -   runtime   Service   etcd   3   true   false   false");
    }

    @Test
    void yaml_isNodeThenTheResource_perDocument() {
        var yaml = ResourceOutput.of("yaml", out);
        yaml.header(SERVICES, false);
        yaml.write("10.5.0.2", service("etcd", true), null);
        yaml.write("10.5.0.3", service("etcd", true), null);
        assertThat(text.toString()).startsWith("""
                node: 10.5.0.2
                metadata:
                    namespace: runtime
                    type: Services.v1alpha1.talos.dev
                    id: etcd
                    version: 3
                    owner: machined
                    phase: running
                    created: 2026-01-02T03:04:05Z
                    updated: 2026-01-02T03:04:05Z
                spec:
                    running: true
                    healthy: true
                    unknown: false
                ---
                node: 10.5.0.3
                """);
        var documents = new Load(LoadSettings.builder().build()).loadAllFromString(text.toString());
        assertThat(documents).hasSize(2);
    }

    @Test
    void yaml_inAWatch_namesTheEvent() {
        var yaml = ResourceOutput.of("yaml", out);
        yaml.header(SERVICES, true);
        yaml.write("n1", service("etcd", true), EventType.UPDATED);
        assertThat(text.toString()).startsWith("node: n1\nevent: updated\nmetadata:\n");
    }

    @Test
    void json_isOneObjectPerResource_withTheNode() {
        var json = ResourceOutput.of("json", out);
        json.header(SERVICES, false);
        json.write("10.5.0.2", service("etcd", true), null);
        assertThat(text.toString()).isEqualTo("""
                {
                    "metadata": {
                        "created": "2026-01-02T03:04:05Z",
                        "id": "etcd",
                        "namespace": "runtime",
                        "owner": "machined",
                        "phase": "running",
                        "type": "Services.v1alpha1.talos.dev",
                        "updated": "2026-01-02T03:04:05Z",
                        "version": 3
                    },
                    "node": "10.5.0.2",
                    "spec": {
                        "healthy": true,
                        "running": true,
                        "unknown": false
                    }
                }
                """);
    }

    @Test
    void jsonPath_printsEachValueOnALine() {
        var path = ResourceOutput.of("jsonpath={.metadata.id}{.spec}", out);
        path.header(SERVICES, false);
        path.write("n1", service("etcd", true), null);
        assertThat(text.toString()).isEqualTo("""
                etcd
                {
                    "healthy": true,
                    "running": true,
                    "unknown": false
                }
                """);
        var missing = ResourceOutput.of("jsonpath={.spec.nope}", out);
        assertThatThrownBy(() -> missing.write("n1", service("etcd", true), null))
                .hasMessage("error finding result for jsonpath: nope is not found");
    }

    @Test
    void machineConfig_specIsTheDocumentsText() {
        String config = "version: v1alpha1\nmachine:\n    type: controlplane\n";
        var spec = new MachineConfig(config);
        Resource<?> raw = new Resource<>(Metadata.of(MachineConfig.ACTIVE),
                new RawSpec(ByteString.copyFrom(ProtoSpecCodec.encode(spec)), ResourceYaml.encodeSpec(spec)));
        var document = new ResourceDocument(raw);
        assertThat(document.yaml()).endsWith("""
                spec: |
                    version: v1alpha1
                    machine:
                        type: controlplane
                """);
        assertThat(document.data().get("spec")).isEqualTo(config);
    }

    @Test
    void machineConfig_asNodesServeItNow_printsTheSame() {
        String config = "version: v1alpha1\nmachine:\n    type: controlplane\n";
        var published = MachineConfig.resource(MachineConfig.ACTIVE, config);
        Resource<?> raw = new Resource<>(published.metadata(), new RawSpec(
                ByteString.copyFrom(ProtoSpecCodec.encode(published.spec())), ResourceYaml.encodeSpec(published.spec())));
        for (Resource<?> r : List.of(raw, published)) {
            var document = new ResourceDocument(r);
            assertThat(document.yaml()).contains("talos.dev/yaml-spec").endsWith("""
                    spec: |
                        version: v1alpha1
                        machine:
                            type: controlplane
                    """);
            assertThat(document.data().get("spec")).isEqualTo(config);
        }
    }

    @Test
    void unknownFormat_isRefused() {
        assertThatThrownBy(() -> ResourceOutput.of("xml", out))
                .hasMessageStartingWith("output format \"xml\" is not supported");
    }

    @Test
    void definitions_printTheirAliases() {
        var rd = ResourceDefinitionSpec.DEFINITION.spec();
        Resource<?> r = new Resource<>(Metadata.of(ResourceDefinitionSpec.pointer(SERVICES.type()))
                .withVersion(Version.of(1)), SERVICES);
        var table = ResourceOutput.of("table", out);
        table.header(rd, false);
        table.write("n1", r, null);
        table.flush();
        assertThat(text.toString().lines().toList().get(1))
                .isEqualTo("n1     meta        ResourceDefinition   services.v1alpha1.talos.dev   1         "
                        + "svc service");
    }
}
