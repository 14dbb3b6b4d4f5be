package dev.anvil.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.config.tool.ConfigTool;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.pki.Names;
import dev.anvil.machinery.secrets.SecretsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenCommandTest {

    @TempDir
    static Path shared;
    static Path secrets;

    @TempDir
    Path dir;

    @BeforeAll
    static void genSecrets() {
        secrets = shared.resolve("secrets.yaml");
        Cli result = Cli.run("gen", "secrets", "-o", secrets.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
    }

    @Test
    void genSecrets_writesALoadableOwnerOnlyBundle_andRefusesToOverwrite() throws Exception {
        assertThat(SecretsFile.parse(Files.readString(secrets)).certs().os()).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rw-------");

        Cli again = Cli.run("gen", "secrets", "-o", secrets.toString());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: " + secrets + " already exists (use --force to overwrite it)\n");
        assertThat(Cli.run("gen", "secrets", "-o", secrets.toString(), "--force").exitCode()).isZero();
    }

    @Test
    void genConfig_withSecrets_writesValidConfigsAndAnAdminClientConfig() throws Exception {
        Files.writeString(dir.resolve("cp.yaml"), "machine:\n  nodeLabels:\n    tier: cp\n");

        Cli result = Cli.run("gen", "config", "anvil", "https://10.5.0.10:6443", "--with-secrets",
                secrets.toString(), "--output-dir", dir.toString(), "--config-patch-control-plane", "@"
                        + dir.resolve("cp.yaml"), "--config-patch-worker", "machine:\n  env:\n    W: '1'\n",
                "--config-patch", "[{\"op\": \"add\", \"path\": \"/machine/network/hostname\", \"value\": \"n\"}]",
                "--kubernetes-version", "1.32.2", "--install-disk", "/dev/vda", "--install-image", "example/inst:1",
                "--additional-sans", "k8s.example,10.5.0.11", "--dns-domain", "anvil.local");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("created " + dir.resolve("controlplane.yaml"))
                .contains("created " + dir.resolve("anvilconfig"));
        String cp = Files.readString(dir.resolve("controlplane.yaml"));
        String worker = Files.readString(dir.resolve("worker.yaml"));
        for (ValidationMode mode : ValidationMode.values()) {
            assertThat(ConfigTool.validate(cp, mode, false).exitCode()).isZero();
            assertThat(ConfigTool.validate(worker, mode, false).exitCode()).isZero();
        }
        assertThat(cp).contains("tier: cp", "hostname: n", "kube-apiserver:v1.32.2", "disk: /dev/vda",
                "image: example/inst:1", "- k8s.example", "dnsDomain: anvil.local").doesNotContain("W: '1'");
        assertThat(worker).contains("W: '1'", "hostname: n").doesNotContain("tier: cp");
        var client = ClientConfigFile.parse(Files.readString(dir.resolve("anvilconfig")));
        assertThat(client.context()).isEqualTo("anvil");
        assertThat(Names.organizations(client.current().certificate().getSubjectX500Principal()))
                .containsExactly("os:admin");
    }

    @Test
    void genConfig_sameSecretsAndFlags_giveByteIdenticalFiles() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (Path out : new Path[] {first, second}) {
            Cli result = Cli.run("gen", "config", "anvil", "https://10.5.0.10:6443", "--with-secrets",
                    secrets.toString(), "--output-dir", out.toString(), "--additional-sans", "10.5.0.11");
            assertThat(result.exitCode()).as(result.err()).isZero();
        }

        for (String file : new String[] {"controlplane.yaml", "worker.yaml"}) {
            assertThat(Files.readString(second.resolve(file))).isEqualTo(Files.readString(first.resolve(file)));
        }
    }

    @Test
    void genConfig_outputTypesAndForce() {
        String[] args = {"gen", "config", "anvil", "https://10.5.0.10:6443", "--with-secrets", secrets.toString(),
            "--output-dir", dir.toString(), "--output-types", "worker"};

        assertThat(Cli.run(args).exitCode()).isZero();
        assertThat(dir.resolve("worker.yaml")).exists();
        assertThat(dir.resolve("controlplane.yaml")).doesNotExist();
        assertThat(dir.resolve("anvilconfig")).doesNotExist();
        assertThat(Cli.run(args).err()).contains("worker.yaml already exists (use --force to overwrite it)");
        String[] all = java.util.Arrays.copyOf(args, args.length);
        all[all.length - 1] = "controlplane,worker";
        assertThat(Cli.run(all).exitCode()).isEqualTo(1);
        assertThat(dir.resolve("controlplane.yaml")).as("nothing is written when one file exists").doesNotExist();
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertThat(Cli.run(forced).exitCode()).isZero();
    }

    @Test
    void genConfig_badInput_isOneLineError() {
        Cli endpoint = Cli.run("gen", "config", "anvil", "10.5.0.10", "--output-dir", dir.toString());
        Cli patch = Cli.run("gen", "config", "anvil", "https://10.5.0.10:6443", "--with-secrets",
                secrets.toString(), "--output-dir", dir.toString(), "--config-patch", "@" + dir.resolve("none"));
        Cli type = Cli.run("gen", "config", "anvil", "https://10.5.0.10:6443", "--output-types", "kubeconfig");

        assertThat(endpoint.err()).isEqualTo(
                "error: the cluster endpoint must be https://HOST[:PORT], got \"10.5.0.10\" "
                        + "(try \"https://10.5.0.10:6443\")\n");
        assertThat(patch.err()).isEqualTo("error: patch: no file " + dir.resolve("none") + "\n");
        assertThat(type.err()).startsWith("error: unknown output type kubeconfig");
        assertThat(dir.resolve("controlplane.yaml")).doesNotExist();
    }
}
