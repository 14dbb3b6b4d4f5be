package dev.anvil.machined.controllers.secrets;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.KubernetesCertificates;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.secrets.KubernetesDynamicCerts;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one writer of {@code KubernetesDynamicCerts}: the API server's certificates, naming the node's hostname and
 * addresses. They are issued again only when the names change, the CA changes, or half their life has passed
 * (Talos renews at half-life too); an address that comes and goes does not churn keys otherwise.
 */
public final class KubernetesDynamicCertsController implements Controller {
    private final InstantSource clock;

    public KubernetesDynamicCertsController(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "secrets.KubernetesDynamicCertsController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE),
                Input.weak(HostnameStatus.KIND.namespace(), HostnameStatus.TYPE),
                Input.weak(NodeAddress.KIND.namespace(), NodeAddress.TYPE).withId(NodeAddress.ACCUMULATIVE_ID));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubernetesDynamicCerts.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(r -> r.spec());
        Optional<KubernetesDynamicCerts> existing = Specs.find(ctx, KubernetesDynamicCerts.POINTER,
                KubernetesDynamicCerts.class).map(r -> r.spec());
        if (root.isEmpty()) {
            if (existing.isPresent()) {
                ctx.destroy(KubernetesDynamicCerts.POINTER);
            }
            return;
        }
        Optional<HostnameStatus> hostname = Specs.find(ctx, HostnameStatus.KIND.pointer("hostname"),
                HostnameStatus.class).map(r -> r.spec());
        List<NetIp> addresses = Specs.find(ctx, NodeAddress.KIND.pointer(NodeAddress.ACCUMULATIVE_ID),
                NodeAddress.class).map(r -> r.spec().addresses().stream().map(NetIpPrefix::address).toList())
                .orElse(List.of());
        var names = KubernetesCertificates.apiServerNames(root.get(), hostname.map(HostnameStatus::hostname)
                .orElse(null), hostname.map(HostnameStatus::domainname).orElse(null), addresses);
        Instant now = clock.instant();
        if (existing.isPresent() && current(existing.get(), root.get(), names, now)) {
            return;
        }
        Specs.put(ctx, KubernetesDynamicCerts.POINTER, KubernetesCertificates.issueDynamic(root.get(), names, now));
    }

    /** True when the API server certificate names exactly these, comes from this CA and is not past half-life. */
    static boolean current(KubernetesDynamicCerts certs, KubernetesRoot root, KubernetesCertificates.Names names,
            Instant now) {
        try {
            X509Certificate server = PemCodec.parseCertificate(certs.apiServer().certificatePem());
            X509Certificate ca = PemCodec.parseCertificate(root.issuingCA().certificatePem());
            server.verify(ca.getPublicKey());
            Instant from = server.getNotBefore().toInstant();
            Instant to = server.getNotAfter().toInstant();
            if (now.isAfter(from.plus(java.time.Duration.between(from, to).dividedBy(2)))) {
                return false;
            }
            Set<String> dns = new HashSet<>();
            Set<InetAddress> ips = new HashSet<>();
            Collection<List<?>> sans = server.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if ((Integer) san.get(0) == 2) {
                        dns.add((String) san.get(1));
                    } else if ((Integer) san.get(0) == 7) {
                        ips.add(InetAddress.ofLiteral((String) san.get(1)));
                    }
                }
            }
            return dns.equals(new HashSet<>(names.dnsNames())) && ips.equals(new HashSet<>(names.ips()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
