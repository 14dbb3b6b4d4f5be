package dev.anvil.cosi.resource.codec;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Version;
import dev.anvil.cosi.resource.codec.Samples.Address;
import dev.anvil.cosi.resource.codec.Samples.Everything;
import dev.anvil.cosi.resource.codec.Samples.Family;
import dev.anvil.cosi.resource.codec.Samples.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators for the round-trip properties of both codecs. */
final class Generators {
    private Generators() {
    }

    /** Short strings built from pieces that YAML treats specially: quotes, comment and key markers, line breaks. */
    static final Gen<String> TEXT = lists().of(Generate.pick(List.of("a", "Z", "0", "1.5", " ", "\n", "\t", ":", "#",
                    "- ", "\r", "\u2028", "'", "\"", "\\", "\u00b5", "\u20ac", "\ud83d\ude00", "null", "true", "~",
                    "&x", "*x", "{")))
            .ofSizeBetween(0, 5)
            .map(parts -> String.join("", parts));

    /** Years 1 to 9999: the range RFC 3339 can print. */
    static final Gen<Instant> INSTANTS = longs().between(-62_135_596_800L, 253_402_300_799L)
            .zip(integers().between(0, 999_999_999), Instant::ofEpochSecond);

    static final Gen<Duration> DURATIONS = longs().between(-10_000_000_000L, 10_000_000_000L)
            .zip(integers().between(0, 999_999_999), Duration::ofSeconds);

    static final Gen<Address> ADDRESSES = nullable(TEXT).zip(nullable(Generate.enumValues(Family.class)),
            nullable(Generate.enumValues(Scope.class)), Address::new);

    static final Gen<Everything> EVERYTHING = in -> new Everything(
            nullable(TEXT).generate(in),
            booleans().all().generate(in),
            nullable(booleans().all()).generate(in),
            integers().all().generate(in),
            longs().all().generate(in),
            nullable(integers().all()).generate(in),
            nullable(longs().all()).generate(in),
            doubles().any().generate(in),
            nullable(Generate.enumValues(Family.class)).generate(in),
            nullable(DURATIONS).generate(in),
            nullable(INSTANTS).generate(in),
            nullable(ADDRESSES).generate(in),
            lists().of(TEXT).ofSizeBetween(0, 3).generate(in),
            lists().of(longs().all()).ofSizeBetween(0, 3).generate(in),
            lists().of(ADDRESSES).ofSizeBetween(0, 2).generate(in),
            maps(TEXT).generate(in),
            maps(ADDRESSES).generate(in),
            TEXT.toOptionals(30).generate(in),
            DURATIONS.toOptionals(30).generate(in),
            lists().of(Generate.enumValues(Scope.class)).ofSizeBetween(0, 3).generate(in),
            lists().of(doubles().any()).ofSizeBetween(0, 3).generate(in),
            INSTANTS.toOptionals(30).generate(in));

    static final Gen<Metadata> METADATA = in -> new Metadata(
            TEXT.generate(in), TEXT.generate(in), TEXT.generate(in),
            Version.of(longs().between(0, Long.MAX_VALUE).generate(in)),
            TEXT.generate(in),
            Generate.enumValues(Phase.class).generate(in),
            INSTANTS.generate(in), INSTANTS.generate(in),
            lists().of(TEXT).ofSizeBetween(0, 3).generate(in),
            new TreeMap<>(maps(TEXT).generate(in)), new TreeMap<>(maps(TEXT).generate(in)));

    static <T> Gen<T> nullable(Gen<T> gen) {
        return gen.toOptionals(25).map(o -> o.orElse(null));
    }

    static <V> Gen<Map<String, V>> maps(Gen<V> values) {
        return lists().of(TEXT.zip(values, Map::entry)).ofSizeBetween(0, 3).map(entries -> {
            Map<String, V> map = new HashMap<>();
            entries.forEach(e -> map.put(e.getKey(), e.getValue()));
            return map;
        });
    }

}
