package dev.anvil.ctl.gen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Config patches as talosctl takes them on the command line: inline text, or {@code @file}. */
public final class PatchArguments {

    private PatchArguments() {
    }

    public static List<String> texts(List<String> patches) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String patch : patches) {
            texts.add(patch.startsWith("@") ? read(Path.of(patch.substring(1)), "patch") : patch);
        }
        return texts;
    }

    static String read(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + ": no file " + file);
        }
        return Files.readString(file);
    }
}
