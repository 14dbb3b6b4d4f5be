package dev.anvil.cosi.resource.codec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On the only component of a record: in YAML the record is that component's value itself, without a key (Go's
 * {@code MarshalYAML} returning a field, or {@code yaml:",inline"}). Talos prints a StaticPod's spec as the pod and a
 * Manifest's spec as its list of objects this way. Protobuf keeps the record's message.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface YamlInline {
}
