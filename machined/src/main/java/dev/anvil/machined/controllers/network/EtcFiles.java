package dev.anvil.machined.controllers.network;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.StaticHostConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text of the node's {@code /etc/resolv.conf} and {@code /etc/hosts}, laid out as Talos lays them out: at most
 * three name servers then the search domains; localhost, the node's own name on its address, the IPv6 names, then
 * the extra entries sorted by address, the first column padded to one space past its widest cell.
 */
public final class EtcFiles {
    /** The resolver's limit (MAXNS in resolv.conf(5)). */
    static final int MAX_NAME_SERVERS = 3;

    private EtcFiles() {
    }

    public static String resolvConf(List<NetIp> nameServers, List<String> searchDomains) {
        StringBuilder text = new StringBuilder();
        nameServers.stream().limit(MAX_NAME_SERVERS).forEach(ns -> text.append("nameserver ").append(ns)
                .append('\n'));
        if (!searchDomains.isEmpty()) {
            text.append("\nsearch ").append(String.join(" ", searchDomains)).append('\n');
        }
        return text.toString();
    }

    /**
     * @param hostname the node's names, or empty before they are set
     * @param address  the node's address, or empty before it has one
     * @param extra    the config's extra entries: address to names
     */
    public static String hosts(Optional<HostnameStatus> hostname, Optional<String> address,
            Map<String, List<String>> extra) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"127.0.0.1", "localhost"});
        if (hostname.isPresent() && address.isPresent()) {
            HostnameStatus names = hostname.get();
            String fqdn = names.domainname().isEmpty() ? names.hostname()
                    : names.hostname() + "." + names.domainname();
            rows.add(new String[] {address.get(), fqdn.equals(names.hostname()) ? fqdn
                    : fqdn + " " + names.hostname()});
        }
        rows.add(new String[] {"::1", "localhost ip6-localhost ip6-loopback"});
        rows.add(new String[] {"ff02::1", "ip6-allnodes"});
        rows.add(new String[] {"ff02::2", "ip6-allrouters"});
        new TreeMap<>(extra).forEach((ip, names) -> rows.add(new String[] {ip, String.join(" ", names)}));
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            text.append(row[0]).append(" ".repeat(width - row[0].length())).append(row[1]).append('\n');
        }
        return text.toString();
    }

    /**
     * The config's extra host entries: {@code machine.network.extraHostEntries} and StaticHostConfig documents,
     * names of one address joined in the order given.
     */
    public static Map<String, List<String>> extraHosts(ConfigBundle config) {
        Map<String, List<String>> hosts = new TreeMap<>();
        config.v1alpha1().map(v -> v.machine() == null ? null : v.machine().network())
                .map(NetworkConfig::extraHostEntries).orElse(List.of()).forEach(e -> hosts
                        .computeIfAbsent(e.ip(), k -> new ArrayList<>())
                        .addAll(e.aliases() == null ? List.of() : e.aliases()));
        for (StaticHostConfig doc : config.all(StaticHostConfig.class)) {
            hosts.computeIfAbsent(doc.id(), k -> new ArrayList<>())
                    .addAll(doc.hostnames() == null ? List.of() : doc.hostnames());
        }
        return hosts;
    }
}
