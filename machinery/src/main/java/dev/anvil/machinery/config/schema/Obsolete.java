package dev.anvil.machinery.config.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field Talos accepted once but no longer acts on. It still loads (old files must keep loading), with a warning
 * that carries {@link #value()}: what to use instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Obsolete {
    String value();
}
