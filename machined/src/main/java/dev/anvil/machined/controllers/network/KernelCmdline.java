package dev.anvil.machined.controllers.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel command line as {@code key=value} words (a value may be in double quotes, a key may repeat). machined
 * reads {@code /proc/cmdline} when it is the booted system's init; in container mode the host's command line is not
 * the node's, so it reads {@code /system/state/cmdline} (on the host: the node directory's
 * {@code system/state/cmdline}), which the launcher or a test writes, and none when that file is absent.
 */
public record KernelCmdline(List<String> words) {
    public static final Path CONTAINER_MODE = Path.of("/system/state/cmdline");
    public static final Path PID1_MODE = Path.of("/proc/cmdline");
    public static final KernelCmdline EMPTY = new KernelCmdline(List.of());

    public static KernelCmdline parse(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return new KernelCmdline(List.copyOf(words));
    }

    /** The file's command line, or none when it does not exist. */
    public static KernelCmdline read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
    }

    /** Every value of {@code key}, in order ({@code ip=a ip=b}). */
    public List<String> all(String key) {
        return words.stream().filter(w -> w.startsWith(key + "=")).map(w -> w.substring(key.length() + 1)).toList();
    }
}
