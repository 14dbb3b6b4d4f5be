package dev.anvil.ctl;

import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * anvilctl's standard output, which also takes bytes as they are, for the commands that pass a node's bytes
 * through (read, copy -): a PrintWriter alone would decode and re-encode them. A command line whose output a test
 * replaced with some other writer gets the bytes decoded as UTF-8 instead.
 */
public final class RawOutput extends PrintWriter {
    private final PrintStream bytes;

    public RawOutput(PrintStream stream) {
        super(new OutputStreamWriter(stream, stream.charset()), true);
        this.bytes = stream;
    }

    /** Where a command writes bytes; closing it flushes them (it never closes standard output). */
    static OutputStream of(CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        if (out instanceof RawOutput raw) {
            raw.flush();
            return new OutputStream() {
                @Override
                public void write(int b) {
                    raw.bytes.write(b);
                }

                @Override
                public void write(byte[] b, int offset, int length) {
                    raw.bytes.write(b, offset, length);
                }

                @Override
                public void close() {
                    raw.bytes.flush();
                }
            };
        }
        return new ByteArrayOutputStream() {
            @Override
            public void close() {
                out.print(toString(StandardCharsets.UTF_8));
                out.flush();
            }
        };
    }
}
