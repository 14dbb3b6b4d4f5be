package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.MemInfo;
import dev.anvil.api.machine.Memory;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * anvilctl memory: each node's memory as talosctl prints it, in MiB (which talosctl heads "MB"), or with
 * {@code --verbose} every line of the node's /proc/meminfo it reports.
 */
@Command(name = "memory", aliases = {"m", "free"}, description = "Show memory usage.")
final class MemoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-v", "--verbose"}, description = "Show every memory figure, as /proc/meminfo does.")
    boolean verbose;
    @Option(names = {"-i", "--insecure"}, description = "Talk to a node in maintenance mode (no client certificate).")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (ApiSession api = insecure ? global.openInsecure(null) : global.open()) {
            var replies = NodeReplies.of(api, api.machine().memory(Empty.getDefaultInstance()).getMessagesList(),
                    spec.commandLine().getErr());
            if (verbose) {
                for (Memory node : replies.answered()) {
                    out.println("NODE: " + api.nodeOf(node));
                    printMeminfo(out, node.getMeminfo());
                }
                out.flush();
            } else {
                Table table = new Table("NODE", "TOTAL", "USED", "FREE", "SHARED", "BUFFERS", "CACHE", "AVAILABLE");
                for (Memory node : replies.answered()) {
                    MemInfo m = node.getMeminfo();
                    long used = m.getMemtotal() - m.getMemfree() - m.getCached() - m.getBuffers();
                    table.row(api.nodeOf(node), m.getMemtotal() / 1024, used / 1024, m.getMemfree() / 1024,
                            m.getShmem() / 1024, m.getBuffers() / 1024, m.getCached() / 1024,
                            m.getMemavailable() / 1024);
                }
                table.print(out);
            }
            return replies.exitCode();
        }
    }

    /** /proc/meminfo's names in talosctl's spelling, "kB" after each size (the HugePages_* counts have none). */
    private static void printMeminfo(PrintWriter out, MemInfo m) {
        kb(out, "MemTotal", m.getMemtotal());
        kb(out, "MemFree", m.getMemfree());
        kb(out, "MemAvailable", m.getMemavailable());
        kb(out, "Buffers", m.getBuffers());
        kb(out, "Cached", m.getCached());
        kb(out, "SwapCached", m.getSwapcached());
        kb(out, "Active", m.getActive());
        kb(out, "Inactive", m.getInactive());
        kb(out, "ActiveAnon", m.getActiveanon());
        kb(out, "InactiveAnon", m.getInactiveanon());
        kb(out, "ActiveFile", m.getActivefile());
        kb(out, "InactiveFile", m.getInactivefile());
        kb(out, "Unevictable", m.getUnevictable());
        kb(out, "Mlocked", m.getMlocked());
        kb(out, "SwapTotal", m.getSwaptotal());
        kb(out, "SwapFree", m.getSwapfree());
        kb(out, "Dirty", m.getDirty());
        kb(out, "Writeback", m.getWriteback());
        kb(out, "AnonPages", m.getAnonpages());
        kb(out, "Mapped", m.getMapped());
        kb(out, "Shmem", m.getShmem());
        kb(out, "Slab", m.getSlab());
        kb(out, "SReclaimable", m.getSreclaimable());
        kb(out, "SUnreclaim", m.getSunreclaim());
        kb(out, "KernelStack", m.getKernelstack());
        kb(out, "PageTables", m.getPagetables());
        kb(out, "NFSUnstable", m.getNfsunstable());
        kb(out, "Bounce", m.getBounce());
        kb(out, "WritebackTmp", m.getWritebacktmp());
        kb(out, "CommitLimit", m.getCommitlimit());
        kb(out, "CommittedAS", m.getCommittedas());
        kb(out, "VmallocTotal", m.getVmalloctotal());
        kb(out, "VmallocUsed", m.getVmallocused());
        kb(out, "VmallocChunk", m.getVmallocchunk());
        kb(out, "HardwareCorrupted", m.getHardwarecorrupted());
        kb(out, "AnonHugePages", m.getAnonhugepages());
        kb(out, "ShmemHugePages", m.getShmemhugepages());
        kb(out, "ShmemPmdMapped", m.getShmempmdmapped());
        kb(out, "CmaTotal", m.getCmatotal());
        kb(out, "CmaFree", m.getCmafree());
        out.println("HugePagesTotal: " + m.getHugepagestotal());
        out.println("HugePagesFree: " + m.getHugepagesfree());
        out.println("HugePagesRsvd: " + m.getHugepagesrsvd());
        out.println("HugePagesSurp: " + m.getHugepagessurp());
        kb(out, "Hugepagesize", m.getHugepagesize());
        kb(out, "DirectMap4k", m.getDirectmap4K());
        kb(out, "DirectMap2M", m.getDirectmap2M());
        kb(out, "DirectMap1G", m.getDirectmap1G());
    }

    private static void kb(PrintWriter out, String name, long value) {
        out.println(name + ": " + value + " kB");
    }
}
