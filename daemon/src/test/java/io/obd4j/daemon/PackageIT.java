package io.obd4j.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The packaged artifacts of {@code mvn package}: the .deb (unpacked with dpkg-deb -x), the launcher, the fat jar. */
class PackageIT {
    private static final String VERSION = System.getProperty("obd4j.version", "0.1.0");

    @TempDir
    Path root;

    private static String run(Path dir, List<String> cmd, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    @Test
    void debianPackageInstallsLauncherUnitAndConfigs() throws Exception {
        Path deb = Path.of(System.getProperty("obd4j.deb"));
        assertThat(deb).isRegularFile();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb not installed");
        run(null, List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
        Path launcher = root.resolve("opt/obd4j/bin/obd4j");
        assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE);
        assertThat(root.resolve("opt/obd4j/lib/obd4j-daemon-" + VERSION + ".jar")).isRegularFile();
        assertThat(root.resolve("opt/obd4j/lib/netty-codec-http-4.2.18.Final.jar")).isRegularFile();
        assertThat(Files.readString(root.resolve("lib/systemd/system/obd4j.service")))
                .contains("Type=notify", "ExecStartPre=-/sbin/modprobe target_core_user", "KillMode=process",
                        "EnvironmentFile=-/etc/default/obd4j", "-Djffi.extract.dir=");
        assertThat(Files.readString(root.resolve("etc/overlaybd/overlaybd.json"))).contains("\"obd4j\"");
        assertThat(root.resolve("etc/default/obd4j")).isRegularFile();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/obd4j"))).isEqualTo(Path.of("/opt/obd4j/bin/obd4j"));
        assertThat(run(null, List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version", "Architecture")))
                .isEqualTo("Package: obd4j\nVersion: " + VERSION + "\nArchitecture: amd64\n");
        assertThat(run(null, List.of("dpkg-deb", "-I", deb.toString(), "conffiles")))
                .contains("/etc/overlaybd/overlaybd.json", "/etc/default/obd4j");
        // The unpacked launcher runs from its own tree (OBD4J_HOME from the script path).
        assertThat(run(null, List.of(launcher.toString(), "--version"), "OBD4J_ENV_FILE", "/nonexistent",
                "JAVA_HOME", System.getProperty("java.home"))).isEqualTo("obd4j " + VERSION + "\n");
    }

    @Test
    void distributionTreeAndTarball() throws Exception {
        Path dist = Path.of(System.getProperty("obd4j.dist"));
        for (String f : new String[] {"bin/obd4j", "systemd/obd4j.service", "etc/overlaybd/overlaybd.json",
            "etc/default/obd4j", "lib/obd4j-core-" + VERSION + ".jar"}) {
            assertThat(dist.resolve(f)).isRegularFile();
        }
        Path tarball = dist.getParent().getParent().resolve("obd4j-daemon-" + VERSION + "-dist.tar.gz");
        assertThat(run(null, List.of("tar", "tzf", tarball.toString()))).contains("obd4j/bin/obd4j",
                "obd4j/lib/obd4j-daemon-" + VERSION + ".jar");
        // The env file replaces the launcher's heap default.
        Path env = Files.writeString(root.resolve("env"), "OBD4J_HEAP_OPTS=\"-Xmx64m\"\n"
                + "OBD4J_EXTRA_OPTS=\"-XshowSettings:vm\"\n");
        assertThat(run(null, List.of(dist.resolve("bin/obd4j").toString(), "--version"), "OBD4J_ENV_FILE",
                env.toString())).contains("Max. Heap Size: 64.00M")
                .endsWith("obd4j " + VERSION + "\n");
    }

    @Test
    void singleRunnableJar() throws Exception {
        Path jar = Path.of(System.getProperty("obd4j.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(run(null, List.of(java, "-jar", jar.toString(), "--version"))).isEqualTo("obd4j " + VERSION + "\n");
        assertThat(run(null, List.of(java, "-jar", jar.toString(), "daemon", "--help")))
                .contains("--config=<config>");
    }
}
