package io.obd4j.core.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OCI layer tar parser: ustar, GNU long names and base-256 numbers, PAX overrides and xattrs. */
class LayerTarReaderTest {
    record Read(TarEntry entry, String body) {
    }

    static List<Read> readAll(byte[] tar) throws IOException {
        LayerTarReader r = new LayerTarReader(new ByteArrayInputStream(tar), "t", n -> { });
        List<Read> out = new ArrayList<>();
        TarEntry e;
        while ((e = r.next()) != null) {
            out.add(new Read(e, new String(r.body().readAllBytes(), StandardCharsets.ISO_8859_1)));
        }
        return out;
    }

    @Test
    void ustarPrefixGnuLongNameAndPaxPathAreFoldedIntoThePath() throws IOException {
        String longDir = "d".repeat(90) + "/" + "e".repeat(90);
        TarBuilder t = new TarBuilder();
        t.gnuLongName("./gnu/" + "g".repeat(150), "gnu body");
        t.file("./a//b/./c", "plain");
        t.entry('2', "pax/link", longDir + "/target", new byte[0], 0777, 0, 0, Map.of());
        t.entry('0', "short", "", "p".getBytes(StandardCharsets.UTF_8), 0644, 0, 0, Map.of("path", longDir + "/p"));
        List<Read> all = readAll(t.build());
        assertThat(all).extracting(r -> r.entry().path()).containsExactly("gnu/" + "g".repeat(150), "a/b/c",
            "pax/link", longDir + "/p");
        assertThat(all.get(0).body()).isEqualTo("gnu body");
        assertThat(all.get(2).entry().linkName()).isEqualTo(longDir + "/target");
        assertThat(all.get(3).body()).isEqualTo("p");
    }

    @Test
    void paxOverridesNumbersAndTimesAndCarriesBothXattrSpellings() throws IOException {
        Map<String, String> pax = new LinkedHashMap<>();
        pax.put("uid", "3000000");
        pax.put("gid", "42");
        pax.put("mtime", "1700000000.123456789");
        pax.put("atime", "-1.5");
        pax.put("SCHILY.xattr.user.bin", "\u0000\u00ff\n=");
        pax.put("LIBARCHIVE.xattr.user.sp%20ace", Base64.getEncoder().withoutPadding()
            .encodeToString("v".getBytes(StandardCharsets.UTF_8)));
        byte[] tar = new TarBuilder().entry('0', "f", "", new byte[3], 0104755, 1, 1, pax).build();
        TarEntry e = readAll(tar).get(0).entry();
        assertThat(e.uid()).isEqualTo(3_000_000L);
        assertThat(e.gid()).isEqualTo(42L);
        assertThat(e.mode()).isEqualTo(04755);
        assertThat(e.mtime()).isEqualTo(1_700_000_000L);
        assertThat(e.atime()).isEqualTo(-2L);
        assertThat(e.ctime()).isEqualTo(1_700_000_000L);
        assertThat(e.xattrs()).containsOnlyKeys("user.bin", "user.sp ace");
        assertThat(e.xattrs().get("user.bin")).containsExactly(0, 0xff, '\n', '=');
        assertThat(e.xattrs().get("user.sp ace")).containsExactly('v');
    }

    @Test
    void globalPaxAppliesToEveryFollowingEntry() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarBuilder t = new TarBuilder(b);
        byte[] g = TarBuilder.paxBody(Map.of("uid", "7"));
        t.header('g', "global", "", g.length, 0644, 0, 0, 0, 0);
        t.raw(g).raw(new byte[512 - g.length]);
        t.file("a", "1").file("b", "2").finish();
        assertThat(readAll(b.toByteArray())).extracting(r -> r.entry().uid()).containsExactly(7L, 7L);
    }

    @Test
    void base256SizeAndDevicesAndTypesAreRead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarBuilder t = new TarBuilder(b);
        byte[] h = t.header('0', "b256", "", 0, 0644, 0, 0, 0, 0);
        b.reset();
        h[124] = (byte) 0x80;
        for (int i = 125; i < 136; i++) {
            h[i] = 0;
        }
        h[135] = 5;
        fixChecksum(h);
        t.raw(h).raw("12345".getBytes(StandardCharsets.US_ASCII)).raw(new byte[507]);
        t.device('4', "dev/sda", 0660, 8, 0).device('6', "p", 0600, 0, 0).dir("d", 0755, 0, 0).finish();
        List<Read> all = readAll(b.toByteArray());
        assertThat(all.get(0).body()).isEqualTo("12345");
        assertThat(all).extracting(r -> r.entry().type()).containsExactly(TarEntry.Type.FILE, TarEntry.Type.BLOCK,
            TarEntry.Type.FIFO, TarEntry.Type.DIR);
        assertThat(all.get(1).entry().devMajor()).isEqualTo(8);
    }

    @Test
    void dotDotAndUnknownTypesAndBadPaxAreRefusedNamingTheEntry() {
        assertThatThrownBy(() -> readAll(new TarBuilder().file("a/../../etc/passwd", "x").build()))
            .isInstanceOf(LayerApplyException.class).hasMessageContaining("entry 'a/../../etc/passwd'")
            .hasMessageContaining("contains '..'");
        assertThatThrownBy(() -> readAll(new TarBuilder().entry('S', "sparse", "", new byte[0], 0644, 0, 0,
            Map.of()).build())).hasMessageContaining("entry 'sparse'").hasMessageContaining("unsupported typeflag 'S'");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarBuilder t = new TarBuilder(b);
        byte[] bad = "12 path=x\n".getBytes(StandardCharsets.US_ASCII);
        t.header('x', "PaxHeaders/f", "", bad.length, 0644, 0, 0, 0, 0);
        t.raw(bad).raw(new byte[512 - bad.length]).file("f", "1").finish();
        assertThatThrownBy(() -> readAll(b.toByteArray())).hasMessageContaining("PAX record at byte 0");
    }

    private static void fixChecksum(byte[] h) {
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte x : h) {
            sum += x & 0xFF;
        }
        byte[] s = String.format("%06o\0", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, h, 148, s.length);
    }
}
