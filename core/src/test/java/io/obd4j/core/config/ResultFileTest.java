package io.obd4j.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFileTest {
    @TempDir
    Path dir;

    @Test
    void successIsExactlySevenBytesWithoutNewlineAndTruncatesOldContent() throws Exception {
        Path f = dir.resolve("init-debug.log");
        Files.writeString(f, "failed:some much longer earlier failure text\n");
        new ResultFile(f.toString()).write();
        assertThat(Files.readAllBytes(f)).isEqualTo("success".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void onlyTheFirstFailureIsRecorded() throws Exception {
        Path f = dir.resolve("r");
        ResultFile r = new ResultFile(f.toString());
        r.fail(OpenErrors.remoteFile("/https://r/v2/a/blobs/sha256:00",
                OpenErrors.reason(OpenErrors.EACCES, "Permission denied")));
        r.fail(OpenErrors.layer(3));
        r.write();
        assertThat(Files.readString(f))
                .isEqualTo("failed:failed to open remote file /https://r/v2/a/blobs/sha256:00: Authentication failed");
    }

    @Test
    void emptyFailureTextGivesBareFailedColon() throws Exception {
        Path f = dir.resolve("r");
        ResultFile r = new ResultFile(f.toString());
        r.fail("");
        r.write();
        assertThat(Files.readString(f)).isEqualTo("failed:");
    }

    @Test
    void emptyPathWritesNothing() throws Exception {
        new ResultFile("").write();
        assertThat(dir).isEmptyDirectory();
    }

    @ParameterizedTest
    @CsvSource({"1,Authentication failed", "13,Authentication failed", "107,Connection failed",
        "110,Get meta timedout", "2,No such file or directory", "16,Too many requests", "5,Unexpected response",
        "28,No space left on device"})
    void errnoReasons(int errno, String reason) {
        assertThat(OpenErrors.reason(errno, "No space left on device")).isEqualTo(reason);
    }

    @Test
    void exactTexts() {
        assertThat(OpenErrors.localFile("/a")).isEqualTo("failed to open local file /a");
        assertThat(OpenErrors.alignedFileAdaptor("/a")).isEqualTo("failed to open aligned_file_adaptor /a");
        assertThat(OpenErrors.localTarFile("/a")).isEqualTo("failed to open file as tar file /a");
        assertThat(OpenErrors.switchFile("/a")).isEqualTo("failed to open switch file /a");
        assertThat(OpenErrors.localDataFile("/a")).isEqualTo("failed to open local data file /a");
        assertThat(OpenErrors.remoteFile("u")).isEqualTo("failed to open remote file u");
        assertThat(OpenErrors.remoteTarFile("u", "r")).isEqualTo("failed to open remote file as tar file u: r");
        assertThat(OpenErrors.gzipIndex("/g")).isEqualTo("failed to open gzip index /g");
        assertThat(OpenErrors.layer(4)).isEqualTo("failed to open layer 4");
        assertThat(OpenErrors.duplicatedDevId("42")).isEqualTo("duplicated dev id: 42");
        assertThat(OpenErrors.EMPTY_REPO_BLOB_URL).isEqualTo("empty repoBlobUrl");
        assertThat(OpenErrors.CREATE_DEVICE_FAILED).isEqualTo("failed to create overlaybd device");
    }
}
