package dev.anvil.machinery.config.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field that is part of the Talos schema but that Anvil does not act on yet. Setting it is a warning naming the
 * path (an error when loading strictly): the node must never ignore configuration silently. {@link #value()} names
 * the missing feature.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface NotImplemented {
    String value();
}
