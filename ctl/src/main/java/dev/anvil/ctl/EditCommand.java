package dev.anvil.ctl;

import dev.anvil.machinery.resources.runtime.MachineConfig;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * anvilctl edit machineconfig: each node's active config in an editor, applied when it comes back changed, as
 * talosctl edit does. The file starts with a comment naming what is edited; when the node refuses the result, the
 * editor opens again with the reason in comments at the top, until the config is accepted, comes back empty or
 * unchanged (nothing is applied), or comes back as it was after a refusal (the command fails, keeping the file).
 */
@Command(name = "edit", description = {"Edit the machine configuration of nodes with the default editor.",
        "Opens $EDITOR (else $VISUAL, else vi) on each node's current config and applies what comes back if it"
                + " changed."})
final class EditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    NodeConfigUpdates.Arguments arguments;
    @Mixin
    ApplyRequests apply;
    /** Where the editor's name is looked up (tests give their own). */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        apply.check();
        return NodeConfigUpdates.run(spec, arguments, apply, this::edit);
    }

    private int edit(NodeConfigUpdates.Target target, String body) throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        String edited = body;
        String lastError = null;
        while (true) {
            String header = "# Editing " + MachineConfig.TYPE + "/" + MachineConfig.ACTIVE.id() + " at node "
                    + target.label() + "\n" + (lastError == null ? "" : commented(lastError));
            Path file = Files.createTempFile(MachineConfig.TYPE + "-" + MachineConfig.ACTIVE.id() + "-edit-",
                    ".yaml");
            Files.writeString(file, header + edited);
            runEditor(file);
            String result = withoutEditingComment(Files.readString(file));
            if (lastError != null && withoutComments(edited).equals(withoutComments(result))) {
                throw new IllegalStateException(commented(lastError) + "A copy of your changes has been stored to \""
                        + file + "\"\nEdit canceled, no valid changes were saved.");
            }
            Files.delete(file);
            if (withoutComments(result).isBlank()) {
                err.println("Apply was skipped: empty file.");
                return 0;
            }
            if (result.equals(body)) {
                err.println("Apply was skipped: no changes detected.");
                return 0;
            }
            try {
                return target.apply(result);
            } catch (StatusRuntimeException e) {
                lastError = Failures.describe(e);
                edited = result;
            }
        }
    }

    /** Runs the editor on the file and waits; an editor given with arguments runs through the shell. */
    private void runEditor(Path file) throws IOException, InterruptedException {
        String editor = editor();
        List<String> command = editor.strip().contains(" ")
                ? List.of("/bin/sh", "-c", editor + " \"$1\"", "anvilctl-edit", file.toString())
                : List.of(editor, file.toString());
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the editor (" + editor + ") exited with " + exit);
        }
    }

    private String editor() {
        for (String name : List.of("EDITOR", "VISUAL")) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "vi";
    }

    /** A message as comment lines, as the editor shows the reason of a refusal. */
    static String commented(String message) {
        return "# \n# " + String.join("\n# ", message.split("\n", -1)) + "\n";
    }

    /** Drops the comment lines the file started with (the header and a refusal's reason). */
    static String withoutEditingComment(String text) {
        String rest = text;
        while (rest.startsWith("# ") || rest.startsWith("#\n")) {
            int end = rest.indexOf('\n');
            if (end < 0) {
                return "";
            }
            rest = rest.substring(end + 1);
        }
        return rest;
    }

    /** The text without its comment lines (best effort, as talosctl's fallback). */
    static String withoutComments(String text) {
        return text.lines().filter(l -> !l.strip().startsWith("#") || l.strip().startsWith("#!"))
                .collect(Collectors.joining("\n"));
    }
}
