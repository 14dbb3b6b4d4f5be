package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.Locale;

/**
 * Talos's {@code RouteSpec}: a route wanted. A missing destination is the default route, a missing gateway a
 * link-scope route, a missing source none. Multipath next hops (field 14) are not modelled yet.
 */
public record RouteSpec(
        @ProtoField(1) Family family,
        @ProtoField(2) @YamlName("dst") NetIpPrefix destination,
        @ProtoField(3) @YamlName("src") NetIp source,
        @ProtoField(4) NetIp gateway,
        @ProtoField(5) @YamlName("outLinkName") String outLinkName,
        @ProtoField(6) Table table,
        @ProtoField(7) int priority,
        @ProtoField(8) Scope scope,
        @ProtoField(9) Type type,
        @ProtoField(10) Flags flags,
        @ProtoField(11) Protocol protocol,
        @ProtoField(12) @YamlName("layer") ConfigLayer layer,
        @ProtoField(13) int mtu) implements Spec {

    public static final String TYPE = "RouteSpecs.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    /** Talos's default metric of a route without one. */
    public static final int DEFAULT_METRIC = 1024;

    /**
     * Talos's RouteID: {@code [table/][link/ for IPv6]family/gateway/destination/priority}, with absent addresses
     * empty, e.g. {@code inet4/10.5.0.1//1024} for a default route.
     */
    public String id() {
        return id(table, family, destination, gateway, priority, outLinkName);
    }

    /** Talos's RouteID of a spec or status. */
    public static String id(Table table, Family family, NetIpPrefix destination, NetIp gateway, int priority,
            String outLinkName) {
        String prefix = table == Table.MAIN ? "" : table.name().toLowerCase(Locale.ROOT) + "/";
        if (family == Family.INET6) {
            prefix += outLinkName + "/";
        }
        return prefix + family.name().toLowerCase(Locale.ROOT) + "/" + (gateway == null ? "" : gateway) + "/"
                + (destination == null ? "" : destination) + "/" + Integer.toUnsignedString(priority);
    }

    /** Routing tables by the kernel's numbers; numbered tables other than these are not modelled yet. */
    public enum Table {
        @ProtoField(0) UNSPEC,
        @ProtoField(253) DEFAULT,
        @ProtoField(254) MAIN,
        @ProtoField(255) LOCAL;

        /** The table with the kernel's number; other numbered tables are not modelled yet and read as UNSPEC. */
        public static Table of(int number) {
            return switch (number) {
                case 253 -> DEFAULT;
                case 254 -> MAIN;
                case 255 -> LOCAL;
                default -> UNSPEC;
            };
        }

        public int number() {
            return switch (this) {
                case UNSPEC -> 0;
                case DEFAULT -> 253;
                case MAIN -> 254;
                case LOCAL -> 255;
            };
        }
    }

    /** The kernel's RTN_ route types. */
    public enum Type {
        UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT, XRESOLVE;

        public static Type of(int number) {
            return number >= 0 && number < values().length ? values()[number] : UNSPEC;
        }
    }

    /** The kernel's RTPROT_ values Anvil writes or reads back. */
    public enum Protocol {
        @ProtoField(0) UNSPEC,
        @ProtoField(1) REDIRECT,
        @ProtoField(2) KERNEL,
        @ProtoField(3) BOOT,
        @ProtoField(4) STATIC,
        @ProtoField(9) RA,
        @ProtoField(16) DHCP;

        /** The protocol with the kernel's number; one not listed here reads as UNSPEC. */
        public static Protocol of(int number) {
            return switch (number) {
                case 1 -> REDIRECT;
                case 2 -> KERNEL;
                case 3 -> BOOT;
                case 4 -> STATIC;
                case 9 -> RA;
                case 16 -> DHCP;
                default -> UNSPEC;
            };
        }

        public int number() {
            return switch (this) {
                case UNSPEC -> 0;
                case REDIRECT -> 1;
                case KERNEL -> 2;
                case BOOT -> 3;
                case STATIC -> 4;
                case RA -> 9;
                case DHCP -> 16;
            };
        }
    }

    /** Route flags (a bit set, RTM_F_*): Anvil writes none. */
    public enum Flags {
        @ProtoField(0) @YamlName("") NONE
    }
}
