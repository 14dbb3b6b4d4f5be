package dev.anvil.machined.server.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Whether a target in routing metadata names this node: its hostname (read at each call, as it may change) or one
 * of its addresses, however the address is spelled ("fd00::1", "[fd00:0:0:0:0:0:0:1]").
 */
public record LocalTargets(Supplier<String> hostname, List<InetAddress> addresses) implements Predicate<String> {

    public LocalTargets {
        addresses = List.copyOf(addresses);
    }

    @Override
    public boolean test(String target) {
        if (target.equals(hostname.get())) {
            return true;
        }
        String literal = target.startsWith("[") && target.endsWith("]")
                ? target.substring(1, target.length() - 1) : target;
        try {
            return addresses.contains(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
