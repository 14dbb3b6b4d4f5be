package dev.anvil.machinery.proto;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.LabelTerm.Operation;
import dev.anvil.cosi.resource.IdQuery;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.ResourceTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {
    record HostnameSpec(@ProtoField(1) String hostname, @ProtoField(2) String domainname) implements Spec {
    }

    private static final String TYPE = "HostnameSpecs.net.talos.dev";
    private static final ResourceTypes TYPES = ResourceTypes.none().with(TYPE, HostnameSpec.class);
    private static final Pointer P = new Pointer("network", TYPE, "hostname");

    private static Resource<HostnameSpec> sample() {
        Metadata md = Metadata.of(P).withVersion(Version.of(3)).withOwner("network.HostnameController")
                .withPhase(Phase.TEARING_DOWN).withFinalizers(List.of("a", "b"))
                .withLabels(Map.of("k", "v")).withAnnotations(Map.of("note", "x"));
        return new Resource<>(md, new HostnameSpec("node-1", "example.org"));
    }

    @Test
    void typedResource_roundTrips_withItsYaml() {
        var message = ResourceMessages.toProto(sample());
        assertThat(message.getSpec().getYamlSpec()).contains("hostname: node-1");
        assertThat(message.getMetadata().getVersion()).isEqualTo("3");
        assertThat(message.getMetadata().getPhase()).isEqualTo("tearingDown");
        assertThat(ResourceMessages.fromProto(message, TYPES)).isEqualTo(sample());
    }

    @Test
    void unknownType_isARawSpec_thatIsSentBackUnchanged() {
        var message = ResourceMessages.toProto(sample());
        Resource<?> raw = ResourceMessages.fromProto(message, ResourceTypes.none());
        assertThat(raw.spec()).isEqualTo(new RawSpec(message.getSpec().getProtoSpec(),
                message.getSpec().getYamlSpec()));
        assertThat(ResourceMessages.toProto(raw)).isEqualTo(message);
    }

    @Test
    void tombstone_travelsWithoutSpec() {
        var message = ResourceMessages.toProto(Resource.tombstone(P));
        assertThat(message.hasSpec()).isFalse();
        assertThat(ResourceMessages.fromProto(message, TYPES).isTombstone()).isTrue();
    }

    @Test
    void events_roundTrip_withBookmarkAndOld() {
        Bookmark b = Bookmark.of(new byte[] {1, 2, 3});
        Event updated = new Event.Updated(sample(), sample(), b);
        Event back = EventMessages.fromProto(EventMessages.toProto(updated), P.kind(), TYPES);
        assertThat(back).isEqualTo(updated);
        Event errored = EventMessages.fromProto(EventMessages.toProto(new Event.Errored(
                new IllegalStateException("buffer overrun"))), P.kind(), TYPES);
        assertThat(((Event.Errored) errored).cause()).hasMessageContaining("buffer overrun")
                .hasMessageContaining("namespace \"network\"");
    }

    @Test
    void queries_roundTrip_andOldNotExistsIsAnInvertedExists() {
        List<LabelQuery> queries = List.of(LabelQuery.of(LabelTerm.equal("a", "1"), LabelTerm.notExists("b")),
                LabelQuery.of(LabelTerm.in("c", "x", "y"), LabelTerm.of("n", LabelTerm.Op.LTE_NUMERIC, "10k")));
        var wire = QueryMessages.toProto(queries);
        ListOptions back = QueryMessages.fromProto(wire, QueryMessages.toProto(IdQuery.of("^var/")), true);
        assertThat(back.labelQueries()).isEqualTo(queries);
        assertThat(back.idQuery().regexp().pattern()).isEqualTo("^var/");

        @SuppressWarnings("deprecation")
        var notExists = dev.anvil.api.cosi.resource.LabelQuery.newBuilder().addTerms(
                dev.anvil.api.cosi.resource.LabelTerm.newBuilder().setKey("b").setOp(Operation.NOT_EXISTS)).build();
        assertThat(QueryMessages.fromProto(List.of(notExists), null, false).labelQueries())
                .containsExactly(LabelQuery.of(LabelTerm.notExists("b")));
    }

    @Test
    void invalidQueries_areIllegalArguments() {
        var noValue = dev.anvil.api.cosi.resource.LabelQuery.newBuilder().addTerms(
                dev.anvil.api.cosi.resource.LabelTerm.newBuilder().setKey("k").setOp(Operation.LT)).build();
        assertThatThrownBy(() -> QueryMessages.fromProto(List.of(noValue), null, false))
                .isInstanceOf(IllegalArgumentException.class);
        var badRegexp = dev.anvil.api.cosi.resource.IDQuery.newBuilder().setRegexp("(").build();
        assertThatThrownBy(() -> QueryMessages.fromProto(List.of(), badRegexp, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rawSpecs_withEqualContents_areEqual() {
        assertThat(new RawSpec(ByteString.copyFromUtf8("x"), "a: 1\n"))
                .isEqualTo(new RawSpec(ByteString.copyFromUtf8("x"), "a: 1\n"))
                .hasSameHashCodeAs(new RawSpec(ByteString.copyFromUtf8("x"), "a: 1\n"));
    }
}
