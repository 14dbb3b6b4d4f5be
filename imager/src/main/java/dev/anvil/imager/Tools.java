package dev.anvil.imager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The build host's tools the imager runs (apt-get, dpkg-deb, mksquashfs): a failure carries the tool's output. */
final class Tools {
    private Tools() {
    }

    static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.getFirst() + " is needed to build the image (scripts/setup installs it): "
                    + e.getMessage(), e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        int status = process.waitFor();
        if (status != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + status + "):\n" + output);
        }
        return output;
    }
}
