package dev.anvil.machined.server;

import dev.anvil.api.machine.DiskUsageInfo;
import dev.anvil.api.machine.DiskUsageRequest;
import dev.anvil.api.machine.FileInfo;
import dev.anvil.api.machine.ListRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The List and DiskUsage RPCs over real gRPC, on a {@link FileTree} in a temporary directory. */
class ListAndUsageTest {
    @TempDir
    Path dir;

    private FileTree tree;
    private ServedMachine node;

    @BeforeEach
    void serve() throws IOException {
        tree = FileTree.create(dir);
        node = new ServedMachine(tree.files());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void list_withoutRecurse_isTheRootAndItsOwnEntries_inNameOrder() throws IOException {
        List<FileInfo> files = list(ListRequest.newBuilder().setRoot(tree.at("var")).build());

        assertThat(files).extracting(FileInfo::getRelativeName)
                .containsExactly(".", "empty", "escape", "escape-dir", "link", "log");
        Map<String, FileInfo> byName = byName(files);
        FileInfo root = byName.get(".");
        assertThat(root.getName()).isEqualTo(tree.at("var"));
        assertThat(root.getIsDir()).isTrue();
        assertThat(root.getMode()).as("Go's ModeDir and the permissions").isEqualTo((1 << 31) | 0755);
        FileInfo link = byName.get("link");
        assertThat(link.getLink()).isEqualTo("log/a.log");
        assertThat(link.getMode() & (1 << 27)).as("Go's ModeSymlink").isNotZero();
        FileInfo log = byName.get("log");
        assertThat(log.getName()).isEqualTo(tree.at("var/log"));
        assertThat(log.getModified()).isEqualTo(Files.getLastModifiedTime(tree.path("var/log")).toMillis() / 1000);
        assertThat(byName.get("empty").getMode()).as("a regular file has no type bits").isEqualTo(0644);
        assertThat(byName.get("empty").getUid()).isEqualTo(Files.getAttribute(tree.path("var/empty"), "unix:uid"));
    }

    @Test
    void list_recursing_goesDownToTheDepth_andFiltersTypes() {
        ListRequest.Builder request = ListRequest.newBuilder().setRoot(tree.at("var/log")).setRecurse(true);

        assertThat(names(request.build())).containsExactly(".", "a.log", "sub", "sub/b.txt");
        assertThat(names(request.setRecursionDepth(1).build())).containsExactly(".", "a.log", "sub");
        assertThat(names(request.setRecursionDepth(-1).build())).as("talosctl -r sends -1")
                .containsExactly(".", "a.log", "sub", "sub/b.txt");
        assertThat(names(request.addTypes(ListRequest.Type.REGULAR).build())).containsExactly("a.log", "sub/b.txt");
        assertThat(names(ListRequest.newBuilder().setRoot(tree.at("var")).addTypes(ListRequest.Type.SYMLINK)
                .addTypes(ListRequest.Type.DIRECTORY).build()))
                .containsExactly(".", "escape", "escape-dir", "link", "log");
    }

    @Test
    void list_aboveTheRoots_showsOnlyTheRootsAndTheWayToThem() {
        List<String> names = names(ListRequest.newBuilder().setRoot(tree.at("")).setRecurse(true)
                .setRecursionDepth(2).build());

        assertThat(names).containsExactly(".", "etc", "etc/hostname", "var", "var/empty", "var/escape",
                "var/escape-dir", "var/link", "var/log");
        assertThat(names(ListRequest.newBuilder().setRoot("/").build())).as("the file system's root")
                .containsExactly(".", dir.getRoot().relativize(dir).getName(0).toString());
    }

    @Test
    void list_outsideTheRoots_isDenied_evenThroughDotDotOrALink() {
        assertThat(listFails(tree.at("home"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(listFails(tree.at("var/../home"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(listFails(tree.at("var/escape-dir"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThatThrownBy(() -> list(ListRequest.newBuilder().setRoot(tree.at("var/escape-dir")).build()))
                .hasMessageContaining("leads to \"" + tree.at("home") + "\"")
                .hasMessageContaining("outside the directories this node serves");
        assertThat(listFails(tree.at("var/nothing"))).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void list_aPathTheKernelCannotTake_isReportedInItsEntry_andTheWalkGoesOn() throws Exception {
        TooDeep.create(tree.path("var/deep"));
        try {
            List<FileInfo> files = list(ListRequest.newBuilder().setRoot(tree.at("var")).setRecurse(true).build());

            List<FileInfo> failed = files.stream().filter(f -> !f.getError().isEmpty()).toList();
            assertThat(failed).hasSize(1);
            assertThat(failed.getFirst().getError()).endsWith("file name too long");
            assertThat(failed.getFirst().getName()).startsWith(tree.at("var/deep/" + TooDeep.NAME));
            assertThat(files).extracting(FileInfo::getRelativeName).contains("log/sub/b.txt");
        } finally {
            TooDeep.remove(tree.path("var/deep"));
        }
    }

    @Test
    void usage_sumsEachDirectory_andReportsItAfterItsContents() throws IOException {
        long log = size("var/log") + size("var/log/a.log") + size("var/log/sub") + size("var/log/sub/b.txt");
        long sub = size("var/log/sub") + size("var/log/sub/b.txt");

        List<DiskUsageInfo> all = usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log")).setAll(true)
                .build());
        assertThat(all).extracting(DiskUsageInfo::getRelativeName)
                .containsExactly("a.log", "sub/b.txt", "sub", ".");
        assertThat(all.getLast().getSize()).isEqualTo(log);
        assertThat(all.get(2).getSize()).isEqualTo(sub);
        assertThat(all.getFirst().getName()).isEqualTo(tree.at("var/log/a.log"));

        assertThat(usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log")).build()))
                .as("directories only").extracting(DiskUsageInfo::getRelativeName).containsExactly("sub", ".");
        assertThat(usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log")).setRecursionDepth(1).build()))
                .as("talosctl's default: depth 0 + 1").extracting(DiskUsageInfo::getRelativeName)
                .containsExactly(".");
        assertThat(usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log")).setAll(true)
                .setThreshold(-5).build()))
                .as("at most 5 bytes").extracting(DiskUsageInfo::getRelativeName).containsExactly("sub/b.txt");
        assertThat(usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log")).setAll(true)
                .setThreshold(log).build()))
                .as("at least the whole").extracting(DiskUsageInfo::getRelativeName).containsExactly(".");
    }

    @Test
    void usage_ofSeveralPaths_measuresEach_andReportsAMissingOneInItsEntry() {
        List<DiskUsageInfo> infos = usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var/log/sub"))
                .addPaths(tree.at("var/gone")).addPaths(tree.at("etc/hostname")).build());

        assertThat(infos).extracting(DiskUsageInfo::getName)
                .containsExactly(tree.at("var/log/sub"), tree.at("var/gone"), tree.at("etc/hostname"));
        assertThat(infos.get(1).getError()).isEqualTo("\"" + tree.at("var/gone") + "\" does not exist");
        assertThat(infos.get(2).getSize()).as("a file asked for is reported without all").isEqualTo(7);
    }

    @Test
    void usage_ofAPathOutsideTheRoots_failsTheCall_beforeAnythingIsSent() {
        assertThatThrownBy(() -> usage(DiskUsageRequest.newBuilder().addPaths(tree.at("var"))
                .addPaths(tree.at("home")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    private long size(String relative) throws IOException {
        return Files.size(tree.path(relative));
    }

    private List<FileInfo> list(ListRequest request) {
        List<FileInfo> files = new ArrayList<>();
        node.blocking().list(request).forEachRemaining(files::add);
        return files;
    }

    private List<String> names(ListRequest request) {
        return list(request).stream().map(FileInfo::getRelativeName).toList();
    }

    private Status.Code listFails(String root) {
        try {
            list(ListRequest.newBuilder().setRoot(root).build());
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("listing " + root + " succeeded");
    }

    private List<DiskUsageInfo> usage(DiskUsageRequest request) {
        List<DiskUsageInfo> infos = new ArrayList<>();
        node.blocking().diskUsage(request).forEachRemaining(infos::add);
        return infos;
    }

    private static Map<String, FileInfo> byName(List<FileInfo> files) {
        return files.stream().collect(Collectors.toMap(FileInfo::getRelativeName, Function.identity()));
    }
}
