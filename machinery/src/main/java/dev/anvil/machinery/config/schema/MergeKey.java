package dev.anvil.machinery.config.schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A list that a strategic-merge patch merges item by item instead of appending: a patch item replaces-by-merging
 * the base item that has an equal value under any of {@link #value()} (tried in order; an absent key never matches).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface MergeKey {
    String[] value();
}
