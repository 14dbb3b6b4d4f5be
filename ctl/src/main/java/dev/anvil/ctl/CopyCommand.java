package dev.anvil.ctl;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.CopyRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.files.DataInput;
import dev.anvil.ctl.files.TarExtractor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

/** anvilctl copy: a gzip-compressed tar archive of a node's files, extracted here or written to standard output. */
@Command(name = "copy", aliases = "cp", description = {"Copy data out from the node.",
    "The node archives SRC (a file or a directory) as .tar.gz and streams it back. With '-' for LOCAL the archive"
        + " is written to standard output; otherwise it is extracted into the directory LOCAL, made when missing."
        + " Extracting keeps permission bits but not ownership; the archive keeps both."})
final class CopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "SRC", description = "Path on the node.")
    String source;
    @Parameters(index = "1", paramLabel = "LOCAL", description = "Local directory, or - for standard output.")
    String local;

    @Override
    public Integer call() throws IOException {
        Path dir = local.equals("-") ? null : Path.of(local);
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("local path " + local + " should be a directory");
        }
        try (ApiSession api = ReadCommand.openOne(spec, "copy")) {
            Iterator<Data> archive = api.machine().copy(CopyRequest.newBuilder().setRootPath(source).build());
            if (dir == null) {
                try (OutputStream out = RawOutput.of(spec)) {
                    while (archive.hasNext()) {
                        archive.next().getBytes().writeTo(out);
                    }
                }
                return 0;
            }
            DataInput data = new DataInput(archive);
            for (String skipped : TarExtractor.extract(new GZIPInputStream(data, 64 * 1024), dir)) {
                spec.commandLine().getErr().println(skipped);
            }
            data.drain();
        }
        return 0;
    }
}
