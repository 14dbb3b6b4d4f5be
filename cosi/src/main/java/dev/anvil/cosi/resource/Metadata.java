package dev.anvil.cosi.resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metadata of a resource. Immutable: every {@code with...} method returns a new value.
 *
 * <p>Equality follows the COSI runtime: the creation and update times are ignored, and finalizers compare as a
 * multiset (their order does not matter). Labels and annotations are kept sorted by key.
 */
public record Metadata(
        String namespace,
        String type,
        String id,
        Version version,
        String owner,
        Phase phase,
        Instant created,
        Instant updated,
        List<String> finalizers,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations) {

    private static final SortedMap<String, String> NO_ENTRIES = Collections.unmodifiableSortedMap(new TreeMap<>());

    public Metadata {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        finalizers = List.copyOf(finalizers);
        labels = sorted(labels);
        annotations = sorted(annotations);
    }

    /** Fresh metadata for a resource that has not been stored yet. */
    public static Metadata of(String namespace, String type, String id) {
        Instant now = Instant.now();
        return new Metadata(namespace, type, id, Version.UNDEFINED, "", Phase.RUNNING, now, now,
                List.of(), NO_ENTRIES, NO_ENTRIES);
    }

    public static Metadata of(Pointer pointer) {
        return of(pointer.namespace(), pointer.type(), pointer.id());
    }

    public Pointer pointer() {
        return new Pointer(namespace, type, id);
    }

    public Kind kind() {
        return new Kind(namespace, type);
    }

    public Metadata withVersion(Version v) {
        return new Metadata(namespace, type, id, v, owner, phase, created, updated, finalizers, labels, annotations);
    }

    public Metadata withOwner(String o) {
        return new Metadata(namespace, type, id, version, o, phase, created, updated, finalizers, labels, annotations);
    }

    public Metadata withPhase(Phase p) {
        return new Metadata(namespace, type, id, version, owner, p, created, updated, finalizers, labels, annotations);
    }

    public Metadata withTimes(Instant c, Instant u) {
        return new Metadata(namespace, type, id, version, owner, phase, c, u, finalizers, labels, annotations);
    }

    public Metadata withFinalizers(List<String> f) {
        return new Metadata(namespace, type, id, version, owner, phase, created, updated, f, labels, annotations);
    }

    public Metadata withLabels(Map<String, String> l) {
        return new Metadata(namespace, type, id, version, owner, phase, created, updated, finalizers, sorted(l), annotations);
    }

    public Metadata withAnnotations(Map<String, String> a) {
        return new Metadata(namespace, type, id, version, owner, phase, created, updated, finalizers, labels, sorted(a));
    }

    public Metadata withLabel(String key, String value) {
        if (value.equals(labels.get(key))) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(labels);
        copy.put(key, value);
        return withLabels(copy);
    }

    public Metadata withoutLabel(String key) {
        if (!labels.containsKey(key)) {
            return this;
        }
        TreeMap<String, String> copy = new TreeMap<>(labels);
        copy.remove(key);
        return withLabels(copy);
    }

    public Metadata withAnnotation(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(annotations);
        copy.put(key, value);
        return withAnnotations(copy);
    }

    /** Adds the finalizers that are not there yet, keeping the order of the existing ones. */
    public Metadata withFinalizersAdded(List<String> added) {
        List<String> result = new ArrayList<>(finalizers);
        for (String f : added) {
            if (!result.contains(f)) {
                result.add(f);
            }
        }
        return result.size() == finalizers.size() ? this : withFinalizers(result);
    }

    public Metadata withFinalizersRemoved(List<String> removed) {
        List<String> result = new ArrayList<>(finalizers);
        result.removeAll(removed);
        return result.size() == finalizers.size() ? this : withFinalizers(result);
    }

    public boolean hasFinalizer(String finalizer) {
        return finalizers.contains(finalizer);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m
                && namespace.equals(m.namespace)
                && type.equals(m.type)
                && id.equals(m.id)
                && version.equals(m.version)
                && owner.equals(m.owner)
                && phase == m.phase
                && labels.equals(m.labels)
                && annotations.equals(m.annotations)
                && sameMultiset(finalizers, m.finalizers);
    }

    @Override
    public int hashCode() {
        int finalizerHash = 0;
        for (String f : finalizers) {
            finalizerHash += f.hashCode();
        }
        return Objects.hash(namespace, type, id, version, owner, phase, labels, annotations, finalizerHash);
    }

    /** {@code Type(namespace/id)@version}, as the COSI runtime prints a reference. */
    @Override
    public String toString() {
        return type + "(" + namespace + "/" + id + ")@" + version;
    }

    private static boolean sameMultiset(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : a) {
            counts.merge(s, 1, Integer::sum);
        }
        for (String s : b) {
            Integer n = counts.get(s);
            if (n == null) {
                return false;
            }
            if (n == 1) {
                counts.remove(s);
            } else {
                counts.put(s, n - 1);
            }
        }
        return counts.isEmpty();
    }

    private static SortedMap<String, String> sorted(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return NO_ENTRIES;
        }
        if (entries instanceof SortedMap<String, String> s && isUnmodifiableSorted(s)) {
            return s;
        }
        TreeMap<String, String> copy = new TreeMap<>();
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
        return Collections.unmodifiableSortedMap(copy);
    }

    private static final Class<?> UNMODIFIABLE_SORTED = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    private static boolean isUnmodifiableSorted(SortedMap<String, String> map) {
        return map.getClass() == UNMODIFIABLE_SORTED;
    }
}
