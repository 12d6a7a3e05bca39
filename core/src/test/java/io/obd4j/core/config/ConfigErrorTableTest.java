package io.obd4j.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad key or value of overlaybd.json / config.v1.json gives the documented message: path, expected, found. */
class ConfigErrorTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/config/global-config-errors.psv", delimiter = '|', quoteCharacter = '\'')
    void globalConfigErrors(String json, String message) {
        assertThatThrownBy(() -> ConfigLoader.parseGlobal(json, "overlaybd.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("overlaybd.json: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/config/image-config-errors.psv", delimiter = '|', quoteCharacter = '\'')
    void imageConfigErrors(String json, String message) {
        assertThatThrownBy(() -> ConfigLoader.parseImage(json, "config.v1.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.v1.json: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"a":                 | malformed JSON at line 1 column 6
        ''                    | malformed JSON: the file is empty
        """)
    void malformedJson(String json, String start) {
        assertThatThrownBy(() -> ConfigLoader.parseGlobal(json, "o.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("o.json: " + start);
    }
}
