package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesParserTest {
    @TempDir
    Path dir;

    private final RulesParser parser = new RulesParser(Map.of("TEAM_PW", "from-env")::get);

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void yamlWithAuthAndEveryImageForm() throws Exception {
        Path f = file("rules.yaml", String.join("\n",
                "auth:",
                "  quay.io: {username: u, password: p}",
                "  quay.io/team: {username: t, password: \"${TEAM_PW}\", insecure: true}",
                "  127.0.0.1:5000: {http: true}",
                "  reg.internal: {caFile: ca.pem}",
                "images:",
                "  quay.io/team/app:v1,v2: 127.0.0.1:5000/mirror/app",
                "  quay.io/team/web:/^v1\\.[0-9]+$/:",
                "    - 127.0.0.1:5000/a/web",
                "    - 127.0.0.1:5000/b/web",
                "  quay.io/team/db@sha256:" + "cd".repeat(32) + ": 127.0.0.1:5000/mirror/db:pinned",
                "  quay.io/team/all: 127.0.0.1:5000/mirror/all",
                ""));
        SyncRules rules = parser.parse(f);
        assertThat(rules.rules()).hasSize(4);
        assertThat(rules.rules().get(0).source().tags()).containsExactly("v1", "v2");
        assertThat(rules.rules().get(1).destinations()).extracting(ImageSpec::toString)
                .containsExactly("127.0.0.1:5000/a/web", "127.0.0.1:5000/b/web");
        assertThat(rules.rules().get(2).destinations().get(0).tags()).containsExactly("pinned");
        assertThat(rules.rules().get(3).source().selector()).isEqualTo(ImageSpec.Selector.ALL_TAGS);
        RegistryAccess team = rules.auth().lookup("quay.io", "team/app");
        assertThat(team.credentials().password()).isEqualTo("from-env");
        assertThat(team.insecure()).isTrue();
        assertThat(rules.auth().lookup("quay.io", "other/x").credentials().username()).isEqualTo("u");
        assertThat(rules.auth().lookup("127.0.0.1:5000", "mirror/app").http()).isTrue();
        assertThat(rules.auth().lookup("reg.internal", "x/y").caFile()).isEqualTo(dir.resolve("ca.pem"));
    }

    @Test
    void jsonSplitFilesLikeImageSyncer() throws Exception {
        Path images = file("images.json", "{\"reg.example/a/b:v1\": \"reg2.example/c/d\"}");
        Path auth = file("auth.json", "{\"reg2.example\": {\"username\": \"x\", \"password\": \"$TEAM_PW\"}}");
        SyncRules rules = parser.parse(images, auth);
        assertThat(rules.rules()).singleElement().satisfies(r -> assertThat(r.source()).hasToString(
                "reg.example/a/b:v1"));
        assertThat(rules.auth().lookup("reg2.example", "c/d").credentials().password()).isEqualTo("from-env");
        assertThat(parser.parse(images, null).auth().entries()).isEmpty();
    }

    private static final String OK = "'images': {'r.io/a/b': 'r.io/c'}";
    private static final String ZEROS = "0".repeat(64);

    static Stream<Arguments> badRules() {
        return Stream.of(
            Arguments.of("{'images': {}, 'mirrors': 1}", "rules.json: mirrors: unknown key (expected auth or images)"),
            Arguments.of("{'auth': {}}", "rules.json: images: missing"),
            Arguments.of("{'images': [1]}", "rules.json: images: expected a map, found array"),
            Arguments.of("{'images': {'r.io/a/b': 3}}", "rules.json: images.\"r.io/a/b\": expected a string, "
                    + "found number"),
            Arguments.of("{'images': {'r.io/a/b': ['r.io/c', 3]}}", "rules.json: images.\"r.io/a/b\"[1]: "
                    + "expected a string, found number"),
            Arguments.of("{'images': {'r.io/a/b': []}}", "rules.json: images.\"r.io/a/b\": empty destination "
                    + "list"),
            Arguments.of("{'images': {'r.io/a/b:v1,v2': 'r.io/c:x'}}", "rules.json: images.\"r.io/a/b:v1,v2\": "
                    + "destination 'r.io/c:x' names a tag (allowed only"),
            Arguments.of("{'images': {'r.io/a/b': 'r.io/c:x'}}", "names a tag (allowed only as one tag for a "
                    + "source of one tag or digest"),
            Arguments.of("{'images': {'r.io/a/b:v1': 'r.io/c@sha256:" + ZEROS + "'}}", "must be "
                    + "registry/repository[:tag], not a digest"),
            Arguments.of("{'images': {'r.io/A/b': 'r.io/c'}}", "rules.json: images.\"r.io/A/b\" (source): "
                    + "'r.io/A/b': invalid repository name 'A/b'"),
            Arguments.of("{'auth': {'r.io': {'user': 'x'}}, " + OK + "}", "rules.json: auth.\"r.io\".user: "
                    + "unknown key (expected one of username, password, insecure, http, caFile)"),
            Arguments.of("{'auth': {'r.io': {'insecure': 'yes'}}, " + OK + "}", "rules.json: "
                    + "auth.\"r.io\".insecure: expected true or false, found \"yes\""),
            Arguments.of("{'auth': {'r.io': {'username': 'u', 'password': '${NOPE}'}}, " + OK + "}",
                    "rules.json: auth.\"r.io\".password: environment variable NOPE is not set"),
            Arguments.of("{'auth': {'r.io': {'password': 'p'}}, " + OK + "}", "rules.json: "
                    + "auth.\"r.io\".username: missing (a password was given)"),
            Arguments.of("{'auth': {'r.io/A': {}}, " + OK + "}", "rules.json: auth.\"r.io/A\": invalid key"),
            Arguments.of("{'images': {", "rules.json: not valid JSON at line 1"));
    }

    @ParameterizedTest
    @MethodSource("badRules")
    void errorsNameTheFileAndTheField(String json, String message) throws Exception {
        Path f = file("rules.json", json.replace('\'', '"'));
        assertThatThrownBy(() -> parser.parse(f)).isInstanceOf(SyncRulesException.class)
                .hasMessageContaining(message.replace("rules.json", f.toString()));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() throws Exception {
        Path f = file("rules.yml", "images:\n  r.io/a/b: r.io/c\n   bad: [\n");
        assertThatThrownBy(() -> parser.parse(f)).isInstanceOf(SyncRulesException.class)
                .hasMessageContaining(f + ": not valid YAML at line");
        assertThatThrownBy(() -> parser.parse(dir.resolve("missing.yaml")))
                .hasMessageContaining("missing.yaml: no such rules file");
    }
}
