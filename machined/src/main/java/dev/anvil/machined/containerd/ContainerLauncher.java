package dev.anvil.machined.containerd;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.anvil.api.containerd.containers.Container;
import dev.anvil.api.containerd.containers.CreateContainerRequest;
import dev.anvil.api.containerd.containers.DeleteContainerRequest;
import dev.anvil.api.containerd.images.GetImageRequest;
import dev.anvil.api.containerd.snapshots.PrepareSnapshotRequest;
import dev.anvil.api.containerd.snapshots.RemoveSnapshotRequest;
import dev.anvil.api.containerd.tasks.CreateTaskRequest;
import dev.anvil.api.containerd.tasks.DeleteTaskRequest;
import dev.anvil.api.containerd.tasks.KillRequest;
import dev.anvil.api.containerd.tasks.StartRequest;
import dev.anvil.api.containerd.tasks.WaitRequest;
import dev.anvil.api.containerd.tasks.WaitResponse;
import dev.anvil.api.containerd.types.Mount;
import dev.anvil.machined.services.Launcher;
import dev.anvil.machined.services.LogRing;
import dev.anvil.sys.Child;
import dev.anvil.sys.ExitStatus;
import dev.anvil.sys.Fifo;
import dev.anvil.sys.ProcessSpec;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a service as a container in a containerd namespace: each run makes the container afresh from its image (a
 * snapshot on the image's top layer, the runtime spec of {@link OciSpec}) and starts its task with stdout and stderr
 * on named pipes that machined pumps into the service's log. When the task exits, the task, container and snapshot
 * are deleted, so the next run starts clean, as Talos's containerd runner does.
 */
public final class ContainerLauncher implements Launcher {
    public static final String SNAPSHOTTER = "overlayfs";
    static final String RUNTIME = "io.containerd.runc.v2";
    /** The label that ties a container to the service that runs it. */
    public static final String SERVICE_LABEL = "dev.anvil.service";

    /** What to run: the container's ID (also its service's), its image, and the args and env it is given. */
    public record Definition(String id, String image, List<String> args, List<String> env) {
        public Definition {
            args = List.copyOf(args);
            env = List.copyOf(env);
        }
    }

    private final Containerd.Namespace namespace;
    private final Definition definition;
    private final Path fifos;
    private final String cgroupParent;

    public ContainerLauncher(Containerd.Namespace namespace, Definition definition, Path fifos, String cgroupParent) {
        this.namespace = namespace;
        this.definition = definition;
        this.fifos = fifos;
        this.cgroupParent = cgroupParent;
    }

    @Override
    public Launched launch(ProcessSpec ignored, LogRing log) throws Exception {
        String id = definition.id();
        removeLeftovers(id);
        var image = namespace.images().get(GetImageRequest.newBuilder().setName(definition.image()).build())
                .getImage();
        OciImage oci = OciImage.resolve(image.getTarget(), namespace::read);
        OciSpec spec = OciSpec.forImage(oci.run(), definition.args(), definition.env(), cgroupParent + "/" + id);
        List<Mount> rootfs = namespace.snapshots().prepare(PrepareSnapshotRequest.newBuilder()
                .setSnapshotter(SNAPSHOTTER).setKey(id).setParent(oci.topChainId()).build()).getMountsList();
        namespace.containers().create(CreateContainerRequest.newBuilder().setContainer(Container.newBuilder()
                .setId(id).setImage(definition.image()).putLabels(SERVICE_LABEL, id)
                .setRuntime(Container.Runtime.newBuilder().setName(RUNTIME))
                .setSpec(Any.newBuilder().setTypeUrl(OciSpec.TYPE_URL)
                        .setValue(ByteString.copyFromUtf8(spec.json())))
                .setSnapshotter(SNAPSHOTTER).setSnapshotKey(id)).build());
        Path dir = Files.createDirectories(fifos.resolve(id));
        Path stdout = pipe(dir.resolve("stdout"));
        Path stderr = pipe(dir.resolve("stderr"));
        List<Thread> pumps = List.of(pump(stdout, log, id), pump(stderr, log, id));
        long pid;
        try {
            namespace.tasks().create(CreateTaskRequest.newBuilder().setContainerId(id).addAllRootfs(rootfs)
                    .setStdout(stdout.toString()).setStderr(stderr.toString()).build());
            pid = namespace.tasks().start(StartRequest.newBuilder().setContainerId(id).build()).getPid();
        } catch (RuntimeException e) {
            release(stdout);
            release(stderr);
            removeLeftovers(id);
            throw e;
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        Thread.ofVirtual().name("wait " + id).start(() -> {
            try {
                WaitResponse done = namespace.tasks().wait(WaitRequest.newBuilder().setContainerId(id).build());
                for (Thread pump : pumps) {
                    pump.join(1000);
                }
                removeLeftovers(id);
                int code = done.getExitStatus();
                exit.complete(code > 128 && code < 160 ? new ExitStatus.Killed(pid, code - 128, false)
                        : new ExitStatus.Exited(pid, code));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        return new Launched() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public CompletableFuture<ExitStatus> exit() {
                return exit;
            }

            @Override
            public void signal(int signal) {
                try {
                    namespace.tasks().kill(KillRequest.newBuilder().setContainerId(id).setSignal(signal).setAll(true)
                            .build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                }
            }

            @Override
            public InputStream output() {
                return null;
            }

            @Override
            public boolean joinsGroup() {
                return false;
            }
        };
    }

    private static Path pipe(Path path) throws IOException {
        Files.deleteIfExists(path);
        Fifo.create(path, 0600);
        return path;
    }

    /**
     * Reads a pipe into the log until its writers are gone. A platform thread: opening a pipe blocks until the
     * shim opens its end, and reading it blocks as well.
     */
    private static Thread pump(Path pipe, LogRing log, String id) {
        return Thread.ofPlatform().daemon().name("log " + id + " " + pipe.getFileName()).stackSize(256 * 1024)
                .start(() -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = new FileInputStream(pipe.toFile())) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            log.append(buffer, n);
                        }
                    } catch (IOException e) {
                        log.appendLine("[supervisor] output of " + id + " broke off: " + e.getMessage());
                    }
                });
    }

    /** Lets a pump blocked in opening a pipe that no task will write go: opens and closes the writing end. */
    private static void release(Path pipe) {
        try (FileOutputStream ignored = new FileOutputStream(pipe.toFile())) {
            // opening is all it takes
        } catch (IOException gone) {
            // the pump has gone already
        }
    }

    /** What a previous run (or a machined that stopped abruptly) left: its task, container and snapshot. */
    private void removeLeftovers(String id) {
        ignoreNotFound(() -> namespace.tasks().kill(KillRequest.newBuilder().setContainerId(id)
                .setSignal(Child.SIGKILL).setAll(true).build()));
        ignoreNotFound(() -> namespace.tasks().delete(DeleteTaskRequest.newBuilder().setContainerId(id).build()));
        ignoreNotFound(() -> namespace.containers().delete(DeleteContainerRequest.newBuilder().setId(id).build()));
        ignoreNotFound(() -> namespace.snapshots().remove(RemoveSnapshotRequest.newBuilder()
                .setSnapshotter(SNAPSHOTTER).setKey(id).build()));
    }

    private static void ignoreNotFound(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND
                    && e.getStatus().getCode() != Status.Code.FAILED_PRECONDITION) {
                throw e;
            }
        }
    }
}
