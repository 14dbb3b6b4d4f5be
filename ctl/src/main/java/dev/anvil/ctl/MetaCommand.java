package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import dev.anvil.api.machine.MetaDeleteRequest;
import dev.anvil.api.machine.MetaWriteRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** anvilctl meta write|delete: keys of the nodes' META partition, as talosctl's meta command. */
@Command(name = "meta", description = "Write and delete keys in the META partition.",
        subcommands = {MetaCommand.Write.class, MetaCommand.Delete.class})
final class MetaCommand {
    private MetaCommand() {
    }

    /** A key as talosctl reads one: decimal, 0x hex or 0 octal, one byte. */
    static int key(String text) {
        int key;
        try {
            key = Integer.decode(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a META key is a number (e.g. 0x0a or 10), not \"" + text + "\"");
        }
        if (key < 0 || key > 255) {
            throw new IllegalArgumentException("a META key is one byte (0 to 0xff), not " + text);
        }
        return key;
    }

    @Command(name = "write", description = "Write a key-value pair to the META partition.")
    static final class Write implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "key", description = "The key: 0x0a, 10...")
        String key;
        @Parameters(index = "1", paramLabel = "value", description = "The value.")
        String value;

        @Override
        public Integer call() throws Exception {
            MetaWriteRequest request = MetaWriteRequest.newBuilder().setKey(key(key))
                    .setValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                return NodeReplies.of(api, api.machine().metaWrite(request).getMessagesList(),
                        spec.commandLine().getErr()).exitCode();
            }
        }
    }

    @Command(name = "delete", description = "Delete a key from the META partition.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "key", description = "The key: 0x0a, 10...")
        String key;

        @Override
        public Integer call() throws Exception {
            MetaDeleteRequest request = MetaDeleteRequest.newBuilder().setKey(key(key)).build();
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                return NodeReplies.of(api, api.machine().metaDelete(request).getMessagesList(),
                        spec.commandLine().getErr()).exitCode();
            }
        }
    }
}
