package dev.anvil.cosi.resource.codec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The YAML key of a spec record component, or the YAML text of an enum constant, when it differs from the Java
 * name. Talos specs use keys such as {@code hardwareAddr} or {@code link_name}, which are not always valid or
 * idiomatic Java names.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface YamlName {
    String value();
}
