package dev.anvil.machined.server.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/** One file as a gzip-compressed tar archive, the way Talos wraps what it hands out "to match the Copy protocol". */
public final class SingleFileArchive {
    private SingleFileArchive() {
    }

    public static byte[] tarGz(String name, byte[] contents, int mode, Instant modified) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            TarWriter tar = new TarWriter(gzip);
            tar.begin(new TarWriter.Header(name, TarWriter.REGULAR, mode, 0, 0, contents.length,
                    modified.getEpochSecond(), null, 0, 0));
            tar.write(contents, 0, contents.length);
            tar.end();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
