package dev.anvil.machinery.pki;

import java.util.List;

/**
 * The subject or issuer of a certificate as Anvil and Talos use it: an optional common name and any number of
 * organizations (Talos puts a client's roles there, one organization per role).
 */
public record DistinguishedName(String commonName, List<String> organizations) {

    public DistinguishedName {
        organizations = List.copyOf(organizations);
    }

    public static DistinguishedName organization(String... organizations) {
        return new DistinguishedName(null, List.of(organizations));
    }

    public static DistinguishedName commonName(String commonName) {
        return new DistinguishedName(commonName, List.of());
    }

    /** RDNs in Go's order (O before CN), one attribute per RDN. */
    byte[] encode() {
        var rdns = new java.util.ArrayList<byte[]>();
        for (String organization : organizations) {
            rdns.add(Der.set(Der.sequence(Der.oid("2.5.4.10"), Der.utf8(organization))));
        }
        if (commonName != null) {
            rdns.add(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
        }
        return Der.sequence(rdns);
    }
}
