package dev.anvil.machined.procfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The test machine's own /proc files, read independently of Procfs, to check its readings against. */
public final class ProcFiles {
    private ProcFiles() {
    }

    public static String read(String file) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", file)));
    }

    /** The number the regex's first group matches in the file. */
    public static long number(String file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(read(file));
        assertThat(m.find()).as(regex + " in /proc/" + file).isTrue();
        return Long.parseLong(m.group(1));
    }
}
