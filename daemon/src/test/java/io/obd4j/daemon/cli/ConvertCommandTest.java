package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obd4j.core.audit.AuditLog;
import io.obd4j.core.config.ConfigLoader;
import io.obd4j.core.config.DownloadConfig;
import io.obd4j.core.config.OverlaybdConfig;
import io.obd4j.core.ext4.Ext4Inspector;
import io.obd4j.core.image.BlockDevice;
import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.testing.TarBuilder;
import io.obd4j.daemon.image.DeviceRegistry;
import io.obd4j.daemon.image.FormatImageOpener;
import io.obd4j.registry.Manifest;
import io.obd4j.registry.MediaTypes;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryPeer;
import io.obd4j.registry.Repository;
import io.obd4j.registry.auth.CredentialsFile;
import io.obd4j.registry.convert.ConvertOptions;
import io.obd4j.registry.convert.ConvertResult;
import io.obd4j.registry.convert.ConvertedImage;
import io.obd4j.registry.convert.ConvertListener;
import io.obd4j.registry.convert.ImageConverter;
import io.obd4j.registry.convert.ImageTarget;
import io.obd4j.registry.convert.OciImageFixture;
import io.obd4j.registry.convert.RegistryImageSource;
import io.obd4j.registry.convert.RegistryImageTarget;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code obd4j convert} against a real registry (Debian's docker-registry with basic auth, started by the shared
 * {@code registry.sh}): a three-layer gzip OCI image is converted, the result is opened through the daemon's read
 * path from the registry (config.v1.json with remote lowers), exported to a raw file and checked by e2fsprogs
 * ({@code e2fsck -fn}, debugfs {@code rdump}/{@code stat}/{@code ea_list}); a second conversion gives the same digests
 * and uploads nothing; a layer that cannot be applied names the tar entry and the layer.
 */
class ConvertCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VSIZE = "512M";

    @TempDir
    static Path state;
    static RegistryPeer registry;
    static Path cred;
    static String host;
    static OciImageFixture source = ConvertTestImage.image();

    @BeforeAll
    static void startRegistryAndPushSource() throws Exception {
        registry = RegistryPeer.start(state.resolve("peers"), "--auth");
        host = registry.url().getAuthority();
        cred = Files.writeString(state.resolve("cred.json"), "{\"auths\":{\"" + host + "\":{\"username\":\""
                + registry.user() + "\",\"password\":\"" + registry.password() + "\"}}}");
        try (RegistryClient client = client()) {
            source.push(client, registry.repository("src/app"), "v1");
        }
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    static RegistryClient client() {
        return RegistryClient.builder().credentials(new CredentialsFile(cred)).build();
    }

    static Repository repo(String name) throws IOException {
        return registry.repository(name);
    }

    static Cli.Run convert(Path workDir, Object... more) {
        List<Object> args = new ArrayList<>(List.of("convert", "--plain-http", "--cred-file", cred,
                "--vsize", VSIZE, "--work-dir", workDir));
        args.addAll(List.of(more));
        return Cli.run(args.toArray());
    }

    @Test
    void convertedImageServesTheExpectedExt4Tree(@TempDir Path dir) throws Exception {
        Cli.Run r = convert(dir.resolve("work"), host + "/src/app:v1", "--dest", host + "/obd/app:v1");
        assertThat(r.exit()).as(r.err()).isZero();
        String digest = r.out().trim();
        JsonNode manifest;
        try (RegistryClient client = client()) {
            Manifest m = client.getManifest(repo("obd/app"), "v1");
            assertThat(m.digest().toString()).isEqualTo(digest);
            manifest = JSON.readTree(m.bytes());
        }
        assertThat(manifest.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(manifest.get("layers")).hasSize(3);
        for (JsonNode l : manifest.get("layers")) {
            assertThat(l.get("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_LAYER);
            assertThat(l.at("/annotations").get(ConvertedImage.BLOB_DIGEST).asText()).isEqualTo(l.get("digest")
                    .asText());
            assertThat(l.at("/annotations").get(ConvertedImage.BLOB_SIZE).asText()).isEqualTo(l.get("size").asText());
            assertThat(l.at("/annotations").get(ConvertedImage.VERSION).asText()).isEqualTo("0.1.0");
        }
        Path raw = dir.resolve("exported.raw");
        try (FormatImageOpener opener = new FormatImageOpener(global(dir), AuditLog.disabled(), new Obd4jMetrics())) {
            DeviceRegistry reg = new DeviceRegistry(opener, () -> new DownloadConfig(false, 300, 30, 100, 5, 262144),
                    Clock.systemUTC());
            reg.open(imageConfig(dir, manifest), "converted");
            assertThat(Files.readString(dir.resolve("converted.result"))).isEqualTo("success");
            export(reg.blockDevice("converted").orElseThrow(), raw);
            reg.closeAll();
        }
        Ext4Inspector.Result fsck = Ext4Inspector.fsck(raw);
        assertThat(fsck.exitCode()).as(fsck.output()).isZero();
        Path out = dir.resolve("rdump");
        Files.createDirectories(out);
        Ext4Inspector.debugfs(raw, "rdump / " + out);
        assertTree(out);
        assertInodes(raw);
    }

    /** The tree {@code debugfs rdump} wrote: exactly the expected paths, with contents, modes and owners. */
    private static void assertTree(Path root) throws IOException {
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).forEach(p -> seen.add(root.relativize(p).toString()));
        }
        Set<String> expected = new TreeSet<>();
        expected.addAll(ConvertTestImage.files().keySet());
        expected.addAll(ConvertTestImage.dirs().keySet());
        expected.addAll(ConvertTestImage.symlinks().keySet());
        expected.add("dev/null");
        assertThat(seen.stream().filter(p -> !p.equals("dev/null")).toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().filter(p -> !p.equals("dev/null")).toList());
        for (Map.Entry<String, Object[]> f : ConvertTestImage.files().entrySet()) {
            Path p = root.resolve(f.getKey());
            assertThat(Files.readAllBytes(p)).as(f.getKey()).isEqualTo((byte[]) f.getValue()[3]);
            assertOwnerAndMode(p, (int) f.getValue()[0], (int) f.getValue()[1], (int) f.getValue()[2]);
            assertThat(Files.getLastModifiedTime(p)).as(f.getKey() + " mtime")
                    .isEqualTo(FileTime.from(ConvertTestImage.MTIME, TimeUnit.SECONDS));
        }
        for (Map.Entry<String, int[]> d : ConvertTestImage.dirs().entrySet()) {
            Path p = root.resolve(d.getKey());
            assertThat(p).as(d.getKey()).isDirectory();
            assertOwnerAndMode(p, d.getValue()[0], d.getValue()[1], d.getValue()[2]);
        }
        for (Map.Entry<String, String> l : ConvertTestImage.symlinks().entrySet()) {
            assertThat(Files.readSymbolicLink(root.resolve(l.getKey())).toString()).as(l.getKey())
                    .isEqualTo(l.getValue());
        }
    }

    private static void assertOwnerAndMode(Path p, int mode, int uid, int gid) throws IOException {
        int actual = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        assertThat(Integer.toOctalString(actual)).as(p + " mode").isEqualTo(Integer.toOctalString(mode));
        assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(p + " uid").isEqualTo(uid);
        assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(p + " gid").isEqualTo(gid);
    }

    /** What rdump cannot show: the hard link, the device node, the xattrs, the whited-out names. */
    private static void assertInodes(Path raw) throws Exception {
        Ext4Inspector.Stat busybox = Ext4Inspector.stat(raw, "/bin/busybox");
        assertThat(Ext4Inspector.stat(raw, "/bin/ls").inode()).isEqualTo(busybox.inode());
        assertThat(busybox.links()).isEqualTo(2);
        Ext4Inspector.Stat dev = Ext4Inspector.stat(raw, "/dev/null");
        assertThat(dev.type()).isEqualTo("character special");
        assertThat(dev.mode()).isEqualTo(0666);
        assertThat(dev.device()).isEqualTo("1:3");
        assertThat(Ext4Inspector.xattrs(raw, "/etc/secret")).containsExactly(Map.entry("user.note", "\"hello\""));
        assertThat(Ext4Inspector.debugfs(raw, "ls /data")).doesNotContain(" a ").doesNotContain("sub");
        assertThat(Ext4Inspector.debugfs(raw, "ls /opq")).contains("z").doesNotContain(" x ").doesNotContain(" y ");
    }

    @Test
    void convertingTwiceGivesTheSameDigestsAndUploadsNothing(@TempDir Path dir) throws Exception {
        Cli.Run first = convert(dir.resolve("w1"), host + "/src/app:v1", "--dest", host + "/obd/twice:v1");
        assertThat(first.exit()).as(first.err()).isZero();
        ConvertResult again;
        try (RegistryClient client = client()) {
            ConvertOptions options = ConvertOptions.defaults().withVsize(512L << 20).withWorkDir(dir.resolve("w2"));
            again = new ImageConverter(options, ConvertListener.NONE).convert(
                    new RegistryImageSource(client, repo("src/app"), "v1"),
                    new RegistryImageTarget(client, repo("obd/twice"), "v1", repo("src/app")), "v1");
        }
        assertThat(again.manifestDigest().toString()).isEqualTo(first.out().trim());
        assertThat(again.layers()).hasSize(3).allMatch(l -> l.put() == ImageTarget.Put.PRESENT);
        assertThat(again.uploaded()).isZero();

        Cli.Run layout = convert(dir.resolve("w3"), host + "/src/app:v1", "--output-layout",
                dir.resolve("layout") + ":v1", "--progress");
        assertThat(layout.exit()).as(layout.err()).isZero();
        assertThat(layout.err()).contains("layer 1/3 [").contains("layer 3/3 [##############################] 100%");
        assertThat(first.err()).isEmpty();
        assertThat(layout.out().trim()).isEqualTo(first.out().trim());
        for (ConvertResult.Layer l : again.layers()) {
            assertThat(dir.resolve("layout/blobs/sha256").resolve(l.digest().hex())).hasSize(l.size());
        }
        assertThat(dir.resolve("w1")).isEmptyDirectory();
    }

    @Test
    void aLayerThatCannotBeAppliedNamesTheEntryAndTheLayer(@TempDir Path dir) throws Exception {
        byte[] good = new TarBuilder().dir("etc", 0755, 0, 0).build();
        byte[] bad = new TarBuilder().hardlink("etc/broken", "no/such/target").build();
        OciImageFixture img = new OciImageFixture(List.of(good, bad));
        img.writeLayout(dir.resolve("src"), "bad");
        Cli.Run r = convert(dir.resolve("work"), "oci:" + dir.resolve("src") + ":bad", "--output-layout",
                dir.resolve("out").toString());
        assertThat(r.exit()).isEqualTo(CliErrors.FAILED);
        assertThat(r.err()).contains("layer 2/2 " + img.layers().get(1)).contains("etc/broken");
    }

    @Test
    void destinationIsExactlyOneOfRegistryAndLayout(@TempDir Path dir) {
        Cli.Run neither = convert(dir, host + "/src/app:v1");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("give exactly one of --dest and --output-layout");
        Cli.Run digest = convert(dir, host + "/src/app:v1", "--dest", host + "/obd/x@" + source.manifestDigest());
        assertThat(digest.exit()).isEqualTo(CliErrors.FAILED);
        assertThat(digest.err()).contains("--dest must name a tag");
    }

    static OverlaybdConfig global(Path dir) throws Exception {
        return ConfigLoader.parseGlobal("{\"cacheConfig\":{\"cacheType\":\"file\",\"cacheDir\":\""
                + dir.resolve("cache") + "\",\"cacheSizeGB\":1,\"refillSize\":65536},"
                + "\"credentialConfig\":{\"mode\":\"file\",\"path\":\"" + cred + "\"}}", "test.json").config();
    }

    /** config.v1.json as the snapshotter writes it from the layer labels (spec tcmu-and-snapshotter §1.7). */
    static Path imageConfig(Path dir, JsonNode manifest) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("repoBlobUrl", registry.url() + "/v2/obd/app/blobs");
        ArrayNode lowers = c.putArray("lowers");
        int i = 0;
        for (JsonNode l : manifest.get("layers")) {
            JsonNode a = l.get("annotations");
            lowers.addObject().put("digest", a.get(ConvertedImage.BLOB_DIGEST).asText())
                    .put("size", Long.parseLong(a.get(ConvertedImage.BLOB_SIZE).asText()))
                    .put("dir", dir.resolve("layers").resolve(Integer.toString(i++)).toString());
        }
        c.putObject("upper");
        c.put("resultFile", dir.resolve("converted.result").toString());
        return Files.writeString(dir.resolve("config.v1.json"), c.toString());
    }

    /** Copies the device into a sparse raw file (all-zero MiBs are left as holes). */
    static void export(BlockDevice dev, Path raw) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        byte[] zero = new byte[buf.capacity()];
        try (FileChannel out = FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            for (long off = 0; off < dev.size(); off += buf.capacity()) {
                buf.clear().limit((int) Math.min(buf.capacity(), dev.size() - off));
                dev.read(buf, off);
                buf.flip();
                if (!java.util.Arrays.equals(buf.array(), 0, buf.limit(), zero, 0, buf.limit())) {
                    out.write(buf, off);
                }
            }
        }
        try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "rw")) {
            f.setLength(dev.size());
        }
    }
}
