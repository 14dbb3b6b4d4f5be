package dev.anvil.cosi.resource.codec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The protobuf number of a spec record component (its field number), or of an enum constant (its enum value; an
 * unannotated constant uses its ordinal). Numbers are part of the wire format: never reuse or renumber one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface ProtoField {
    int value();
}
