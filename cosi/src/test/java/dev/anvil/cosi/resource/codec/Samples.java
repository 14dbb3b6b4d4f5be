package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Spec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Spec records for the codec tests: a Talos-like link spec to pin exact output, and one holding every type. */
final class Samples {
    private Samples() {
    }

    /** Wire numbers as Linux's AF_INET and AF_INET6, as Talos's nethelpers.Family encodes them. */
    enum Family {
        @YamlName("inet4") @ProtoField(2) INET4,
        @YamlName("inet6") @ProtoField(10) INET6
    }

    /** Default names (lower-case) and numbers (ordinals). */
    enum Scope { GLOBAL, LINK, HOST }

    record Address(@ProtoField(1) String address, @ProtoField(2) Family family, @ProtoField(3) Scope scope) {
    }

    record LinkSpec(
            @ProtoField(1) String name,
            @ProtoField(2) int mtu,
            @ProtoField(3) boolean up,
            @YamlName("hardwareAddr") @ProtoField(4) Optional<String> hardwareAddress,
            @ProtoField(5) List<Address> addresses,
            @YamlName("link_kind") @ProtoField(6) String kind,
            @YamlName("dad_timeout") @ProtoField(7) Duration dadTimeout,
            @ProtoField(8) Instant since,
            @ProtoField(9) Map<String, String> annotations) implements Spec {
    }

    record Everything(
            @ProtoField(1) String text,
            @ProtoField(2) boolean flag,
            @ProtoField(3) Boolean maybeFlag,
            @ProtoField(4) int small,
            @ProtoField(5) long big,
            @ProtoField(6) Integer maybeSmall,
            @ProtoField(7) Long maybeBig,
            @ProtoField(8) double ratio,
            @ProtoField(9) Family family,
            @ProtoField(10) Duration timeout,
            @ProtoField(11) Instant at,
            @ProtoField(12) Address address,
            @ProtoField(13) List<String> names,
            @ProtoField(14) List<Long> numbers,
            @ProtoField(15) List<Address> addresses,
            @ProtoField(16) Map<String, String> labels,
            @ProtoField(17) Map<String, Address> byName,
            @ProtoField(18) Optional<String> note,
            @ProtoField(19) Optional<Duration> delay,
            @ProtoField(20) List<Scope> scopes,
            @ProtoField(21) List<Double> ratios,
            @ProtoField(536_870_911) Optional<Instant> last) implements Spec {
    }
}
