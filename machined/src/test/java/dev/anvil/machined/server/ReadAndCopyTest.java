package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.CopyRequest;
import dev.anvil.api.machine.ReadRequest;
import dev.anvil.machined.server.files.NodeFiles;
import dev.anvil.machined.server.files.Roots;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static java.net.StandardProtocolFamily.UNIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Read and Copy RPCs over real gRPC, on a {@link FileTree} in a temporary directory. Copy's archives are
 * checked by extracting them with the system's tar.
 */
class ReadAndCopyTest {
    @TempDir
    Path dir;

    private FileTree tree;
    private ServedMachine node;

    @BeforeEach
    void serve() throws IOException {
        tree = FileTree.create(dir.resolve("node"));
        node = new ServedMachine(tree.files());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void read_aFile_orALinkInsideTheRoots_sendsItsBytes() {
        assertThat(read(tree.at("var/log/a.log")).toStringUtf8()).isEqualTo("hello\n");
        assertThat(read(tree.at("var/link")).toStringUtf8()).isEqualTo("hello\n");
        assertThat(read(tree.at("var/empty"))).isEqualTo(ByteString.EMPTY);
    }

    @Test
    void read_aLargeFile_comesInChunks() throws IOException {
        byte[] bytes = random(3 * NodeFiles.CHUNK + 123);
        Files.write(tree.path("var/big"), bytes);

        List<Data> chunks = new ArrayList<>();
        node.blocking().read(ReadRequest.newBuilder().setPath(tree.at("var/big")).build())
                .forEachRemaining(chunks::add);
        assertThat(chunks).extracting(d -> d.getBytes().size())
                .containsExactly(NodeFiles.CHUNK, NodeFiles.CHUNK, NodeFiles.CHUNK, 123);
        assertThat(chunks.stream().map(Data::getBytes).reduce(ByteString::concat).orElseThrow().toByteArray())
                .isEqualTo(bytes);
    }

    @Test
    void read_refusesWhatIsOutside_missing_orNotARegularFile() throws Exception {
        FileTree.run("mkfifo", tree.at("var/pipe"));

        assertThat(readFails(tree.at("home/secret.txt"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(readFails(tree.at("var/escape"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(readFails(tree.at("var/log/../../home/secret.txt"))).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(readFails(tree.at("var/nothing"))).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(readFails(tree.at("var/log"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(readFails(tree.at("var/pipe"))).as("refused, not waiting for a writer")
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThatThrownBy(() -> read(tree.at("var/escape")))
                .hasMessageContaining("leads to \"" + tree.at("home/secret.txt") + "\"");
    }

    @Test
    void read_aKernelFileThatClaimsToBeEmpty_sendsWhatItHolds() {
        try (var proc = new ServedMachine(new NodeFiles(new Roots(List.of(Path.of("/proc")))))) {
            String status = proc.blocking().read(ReadRequest.newBuilder().setPath("/proc/self/status").build())
                    .next().getBytes().toStringUtf8();
            assertThat(status).contains("Pid:\t" + ProcessHandle.current().pid());
        }
    }

    @Test
    void copy_aDirectory_isATarGzOfItsEntries_thatTarExtracts() throws Exception {
        Path var = tree.path("var");
        Files.setPosixFilePermissions(var.resolve("log/a.log"), PosixFilePermissions.fromString("rw-r-----"));
        Instant modified = Instant.parse("2021-03-04T05:06:07Z");
        Files.setLastModifiedTime(var.resolve("log/sub/b.txt"), FileTime.from(modified));
        String split = "s".repeat(90) + "/" + "t".repeat(60);
        String pax = "p".repeat(120) + "/" + "q".repeat(120) + "/" + "r".repeat(120);
        Files.createDirectories(var.resolve(split).getParent());
        Files.writeString(var.resolve(split), "split by ustar's prefix\n");
        Files.createDirectories(var.resolve(pax).getParent());
        Files.writeString(var.resolve(pax), "named in a pax header\n");
        Files.writeString(var.resolve("café-日本.txt"), "not ascii\n");
        Files.createSymbolicLink(var.resolve("far"), Path.of("x".repeat(150)));
        byte[] big = random(300_000);
        Files.write(var.resolve("big"), big);

        Received<CopyRequest, Data> received = copy(tree.at("var"));
        assertThat(received.awaitEnd()).isEqualTo(Status.OK);
        Path out = extract(received, "out");

        assertThat(Files.readString(out.resolve("log/a.log"))).isEqualTo("hello\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("log/a.log"))))
                .isEqualTo("rw-r-----");
        assertThat(Files.readString(out.resolve("log/sub/b.txt"))).isEqualTo("bee\n");
        assertThat(Files.getLastModifiedTime(out.resolve("log/sub/b.txt")).toInstant()).isEqualTo(modified);
        assertThat(Files.size(out.resolve("empty"))).isZero();
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("log/a.log"));
        assertThat(Files.readSymbolicLink(out.resolve("escape"))).as("links are stored, not followed")
                .isEqualTo(Path.of("../home/secret.txt"));
        assertThat(Files.readSymbolicLink(out.resolve("far"))).isEqualTo(Path.of("x".repeat(150)));
        assertThat(Files.readString(out.resolve(split))).isEqualTo("split by ustar's prefix\n");
        assertThat(Files.readString(out.resolve(pax))).isEqualTo("named in a pax header\n");
        assertThat(Files.readString(out.resolve("café-日本.txt"))).isEqualTo("not ascii\n");
        assertThat(Files.readAllBytes(out.resolve("big"))).isEqualTo(big);
        assertThat(FileTree.run("tar", "-tzf", dir.resolve("out.tar.gz").toString()).lines())
                .as("entries relative to the directory, which itself is left out")
                .contains("log/", "log/a.log", "escape", "big").doesNotContain("./", ".", "var/");
    }

    @Test
    void copy_aFile_isAnArchiveOfThatOneFile_underItsName() throws Exception {
        Received<CopyRequest, Data> received = copy(tree.at("var/log/sub/b.txt"));
        assertThat(received.awaitEnd()).isEqualTo(Status.OK);
        extract(received, "one");

        assertThat(FileTree.run("tar", "-tzf", dir.resolve("one.tar.gz").toString())).isEqualTo("b.txt\n");
        assertThat(Files.readString(dir.resolve("one/b.txt"))).isEqualTo("bee\n");
    }

    @Test
    void copy_leavesOutWhatCannotBeArchived_andSaysSoAfterTheArchive() throws Exception {
        try (var socket = ServerSocketChannel.open(UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(tree.path("var/log/control.sock")));
            TooDeep.create(tree.path("var/deep"));
            try {
                Received<CopyRequest, Data> received = copy(tree.at("var"));
                Status end = received.awaitEnd();
                Path out = extract(received, "partial");

                assertThat(end.getCode()).isEqualTo(Status.Code.UNKNOWN);
                assertThat(end.getDescription()).contains("without 2 entries")
                        .contains(tree.at("var/log/control.sock") + ": a socket cannot be archived")
                        .contains("file name too long");
                assertThat(Files.readString(out.resolve("log/a.log"))).isEqualTo("hello\n");
                assertThat(out.resolve("log/control.sock")).doesNotExist();
            } finally {
                TooDeep.remove(tree.path("var/deep"));
            }
        }
    }

    @Test
    void copy_aKernelFileThatClaimsToBeEmpty_archivesWhatItHolds() throws Exception {
        try (var proc = new ServedMachine(new NodeFiles(new Roots(List.of(Path.of("/proc")))))) {
            Received<CopyRequest, Data> received = new Received<>();
            proc.async().copy(CopyRequest.newBuilder().setRootPath("/proc/sys/kernel/ostype").build(), received);
            assertThat(received.awaitEnd()).isEqualTo(Status.OK);
            extract(received, "proc");

            assertThat(Files.readString(dir.resolve("proc/ostype"))).isEqualTo("Linux\n");
        }
    }

    @Test
    void copy_outsideTheRoots_isDenied() throws Exception {
        assertThat(copy(tree.at("home")).awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(copy(tree.at("var/escape-dir")).awaitEnd().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(copy(tree.at("var/nothing")).awaitEnd().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void copy_cancelledByTheClient_endsItsThread() throws IOException {
        Files.write(tree.path("var/big"), random(40 * NodeFiles.CHUNK));
        Received<CopyRequest, Data> received = new Received<>(1);
        node.async().copy(CopyRequest.newBuilder().setRootPath(tree.at("var")).build(), received);
        received.awaitCount(1);
        assertThat(node.server.streams()).isEqualTo(1);

        received.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.server.streams() == 0);
    }

    private ByteString read(String path) {
        ByteString bytes = ByteString.EMPTY;
        var chunks = node.blocking().read(ReadRequest.newBuilder().setPath(path).build());
        while (chunks.hasNext()) {
            bytes = bytes.concat(chunks.next().getBytes());
        }
        return bytes;
    }

    private Status.Code readFails(String path) {
        try {
            read(path);
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("reading " + path + " succeeded");
    }

    private Received<CopyRequest, Data> copy(String path) {
        Received<CopyRequest, Data> received = new Received<>();
        node.async().copy(CopyRequest.newBuilder().setRootPath(path).build(), received);
        return received;
    }

    /** Writes what the call sent to NAME.tar.gz and extracts it with tar into the directory NAME. */
    private Path extract(Received<CopyRequest, Data> received, String name) throws Exception {
        Path archive = dir.resolve(name + ".tar.gz");
        try (var out = Files.newOutputStream(archive)) {
            for (Data data : received.messages) {
                data.getBytes().writeTo(out);
            }
        }
        Path target = Files.createDirectories(dir.resolve(name));
        FileTree.run("tar", "-xzf", archive.toString(), "-C", target.toString());
        return target;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
