package dev.anvil.ctl;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.ReadRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.concurrent.Callable;

/** anvilctl read: a file of one node, to standard output as it is. */
@Command(name = "read", aliases = "cat", description = "Read a file on the machine.")
final class ReadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "PATH", description = "The file to read.")
    String path;

    @Override
    public Integer call() throws IOException {
        try (ApiSession api = openOne(spec, "read"); OutputStream out = RawOutput.of(spec)) {
            Iterator<Data> chunks = api.machine().read(ReadRequest.newBuilder().setPath(path).build());
            while (chunks.hasNext()) {
                chunks.next().getBytes().writeTo(out);
            }
        }
        return 0;
    }

    /** A session for a command that streams from one node only, as talosctl allows read and copy. */
    static ApiSession openOne(CommandSpec spec, String command) throws IOException {
        ApiSession api = GlobalOptions.of(spec).open();
        if (api.nodes().size() > 1) {
            api.close();
            throw new IllegalArgumentException("command \"" + command + "\" is not supported with multiple nodes");
        }
        return api;
    }
}
