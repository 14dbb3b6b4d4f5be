package dev.anvil.machinery.role;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Talos's seven API roles; a client certificate carries them as its subject's O= values. */
public enum Role {
    ADMIN("os:admin"),
    OPERATOR("os:operator"),
    READER("os:reader"),
    ETCD_BACKUP("os:etcd:backup"),
    IMAGE_VERIFIER("os:image:verifier"),
    META_WRITER("os:meta:writer"),
    IMPERSONATOR("os:impersonator");

    private final String text;

    Role(String text) {
        this.text = text;
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.text.equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The roles among O= values; empty and unknown strings are ignored (old certificates had an empty one). */
    public static Set<Role> fromOrganizations(Iterable<String> organizations) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String o : organizations) {
            parse(o).ifPresent(roles::add);
        }
        return roles;
    }

    @Override
    public String toString() {
        return text;
    }
}
