package io.obd4j.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonCommandTest {
    @TempDir
    Path dir;

    private String runExpectingConfigError(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.commandLine().execute(args)).isEqualTo(DaemonCommand.EXIT_CONFIG);
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"ioEngine":7}                        | ioEngine: expected an integer in 0..2, found 7
        {"serviceConfig":{"address":"x"}}     | serviceConfig.address: expected http://<IPv4>:<port> or unix:///<path>
        {"cacheConfig":{"cacheType":"tmpfs"}} | cacheConfig.cacheType: expected one of ["", "file", "ocf", "download"]
        {                                     | malformed JSON at line 1 column 2
        """)
    void badConfigExitsTwoNamingFileAndPath(String json, String message) throws Exception {
        Path cfg = Files.writeString(dir.resolve("overlaybd.json"), json);
        assertThat(runExpectingConfigError("daemon", "--config", cfg.toString()))
                .startsWith("obd4j: " + cfg + ": " + message);
    }

    @Test
    void badCommandLineOverrideIsAConfigErrorToo() throws Exception {
        Path cfg = Files.writeString(dir.resolve("overlaybd.json"), "{}");
        assertThat(runExpectingConfigError("daemon", "--config", cfg.toString(), "--exporter-port", "99999"))
                .contains("(with command-line overrides): exporterConfig.port: expected an integer in 0..65535, "
                        + "found 99999");
    }

    @Test
    void positionalConfigPathLikeOverlaybdTcmu() throws Exception {
        Path cfg = Files.writeString(dir.resolve("positional.json"), "{\"ioEngine\":9}");
        assertThat(runExpectingConfigError("daemon", cfg.toString())).startsWith("obd4j: " + cfg + ": ioEngine:");
    }

    @Test
    void malformedConfigWithOverridesStillNamesTheFile() throws Exception {
        Path cfg = Files.writeString(dir.resolve("arr.json"), "[1]");
        assertThat(runExpectingConfigError("daemon", "--config", cfg.toString(), "--exporter-port", "1"))
                .startsWith("obd4j: " + cfg + ": (root): expected a JSON object, found [1]");
    }

    @Test
    void missingConfigFileIsAConfigError() {
        assertThat(runExpectingConfigError("daemon", "--config", dir.resolve("none.json").toString()))
                .contains("none.json: cannot read");
    }

    @Test
    void rootCommandListsTheDaemonSubcommandAndDefaultConfigPath() {
        CommandLine cl = Main.commandLine();
        assertThat(cl.getSubcommands()).containsKey("daemon");
        DaemonCommand daemon = cl.getSubcommands().get("daemon").getCommand();
        assertThat(daemon.config).isEqualTo(Path.of("/etc/overlaybd/overlaybd.json"));
        assertThat(cl.getSubcommands().get("daemon").getUsageMessage()).contains("--config=<config>");
    }
}
