package dev.anvil.machined.storage;

import java.nio.file.Path;

/** Run as its own process by {@link AtomicFileTest}: rewrites a file with two contents in turn until killed. */
public final class AtomicFileWriter {
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        byte[][] contents = {AtomicFileTest.content('A'), AtomicFileTest.content('B')};
        System.out.println("writing");
        System.out.flush();
        for (int i = 0; ; i++) {
            AtomicFile.write(target, contents[i & 1]);
        }
    }
}
