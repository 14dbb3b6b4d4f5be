package dev.anvil.cosi.resource.codec;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a record a spec holds: in YAML the record is one scalar, its {@code toString()}, read back by the record's
 * {@code static parse(String)} method; in protobuf it stays the message of its components. Talos shows values such
 * as IP addresses this way: {@code 10.5.0.2} in YAML, a {@code common.NetIP} message on the wire.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TextForm {
}
