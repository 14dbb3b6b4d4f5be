package dev.anvil.ctl;

import dev.anvil.ctl.files.Humanize;
import dev.anvil.api.common.ContainerdInstance;
import dev.anvil.api.common.ContainerdNamespace;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.ImageServiceGrpc;
import dev.anvil.api.machine.ImageServiceImportRequest;
import dev.anvil.api.machine.ImageServiceImportResponse;
import dev.anvil.api.machine.ImageServiceListRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.ChunkedUpload;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * anvilctl image: talosctl's {@code image list}, and {@code image import FILE}, which uploads an OCI image layout
 * tarball through Talos's ImageService.Import (talosctl has no command for it; there is no registry to pull from
 * here). {@code --namespace} is talosctl's: {@code system} or {@code cri}.
 */
@Command(name = "image", aliases = "images", description = "Manage container images, and build Anvil's bootable"
        + " image.", subcommands = {ImageCommand.Import.class, ImageCommand.List.class, ImageBuildCommand.class,
        ImageUkiCommand.class, ImageBundleCommand.class})
final class ImageCommand {
    @Spec
    CommandSpec spec;
    @Option(names = "--namespace", defaultValue = "cri", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "namespace to use: \"system\" (Anvil's own containers) or \"cri\" for all Kubernetes"
                    + " workloads (default: ${DEFAULT-VALUE}).")
    String namespace;

    ContainerdInstance instance(CommandSpec of) {
        ContainerdNamespace ns = switch (namespace) {
            case "system" -> ContainerdNamespace.NS_SYSTEM;
            case "cri" -> ContainerdNamespace.NS_CRI;
            default -> throw new ParameterException(of.commandLine(), "unsupported namespace \"" + namespace
                    + "\": system or cri");
        };
        return ContainerdInstance.newBuilder().setNamespace(ns).build();
    }

    @Command(name = "list", aliases = {"l", "ls"}, description = "List images in the machine's container runtime.")
    static final class List implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ImageCommand image;

        @Override
        public Integer call() throws Exception {
            ContainerdInstance instance = image.instance(spec);
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                Table table = new Table("NODE", "IMAGE", "DIGEST", "SIZE", "CREATED");
                var replies = ImageServiceGrpc.newBlockingStub(api.channel())
                        .list(ImageServiceListRequest.newBuilder().setContainerd(instance).build());
                replies.forEachRemaining(i -> table.row(api.endpoint(), i.getName(), i.getDigest(),
                        Humanize.bytes(i.getSize()),
                        Instant.ofEpochSecond(i.getCreatedAt().getSeconds()).toString()));
                table.print(spec.commandLine().getOut());
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Import an OCI image layout tarball (oci-layout, index.json, blobs) into"
            + " the machine's container runtime; the image is named by its index's io.containerd.image.name or"
            + " org.opencontainers.image.ref.name annotation.")
    static final class Import implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;
        @ParentCommand
        ImageCommand image;
        @Parameters(paramLabel = "FILE", description = "The image tarball.")
        Path file;

        @Override
        public Integer call() throws Exception {
            ContainerdInstance instance = image.instance(spec);
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no such file: " + file);
            }
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                ImageServiceImportResponse done = ChunkedUpload.send(ImageServiceGrpc.newStub(api.channel())::import_,
                        ImageServiceImportRequest.newBuilder().setContainerd(instance).build(),
                        bytes -> ImageServiceImportRequest.newBuilder().setImageChunk(Data.newBuilder()
                                .setBytes(bytes)).build(), file, ImageServiceImportResponse.getDefaultInstance(),
                        Duration.ofMinutes(30));
                spec.commandLine().getOut().println("imported " + done.getName());
                return 0;
            }
        }
    }
}
