package io.obd4j.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad key or value of overlaybd.json / config.v1.json gives the documented message: path, expected, found. */
class ConfigErrorTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"ioEngine":3}                           | ioEngine: expected an integer in 0..2, found 3
        {"ioEngine":"0"}                         | ioEngine: expected an integer in 0..2, found "0"
        {"ioEngine":1.5}                         | ioEngine: expected an integer in 0..2, found 1.5
        {"logConfig":{"logLevel":5}}             | logConfig.logLevel: expected an integer in 0..4, found 5
        {"logConfig":{"logLevel":-1}}            | logConfig.logLevel: expected an integer in 0..4, found -1
        {"logConfig":{"logPath":7}}              | logConfig.logPath: expected a string, found 7
        {"logConfig":[]}                         | logConfig: expected a JSON object, found []
        {"logLevel":9}                           | logLevel: expected an integer in 0..4, found 9
        {"cacheConfig":{"cacheType":"ram"}}      | cacheConfig.cacheType: expected one of ["", "file", "ocf", "download"], found "ram"
        {"cacheType":"mem"}                      | cacheType: expected one of ["file", "ocf", "download"], found "mem"
        {"cacheConfig":{"cacheSizeGB":-4}}       | cacheConfig.cacheSizeGB: expected an integer in 0..4294967295, found -4
        {"cacheConfig":{"refillSize":1000}}      | cacheConfig.refillSize: expected a power of two >= 4096, found 1000
        {"cacheConfig":{"refillSize":12288}}     | cacheConfig.refillSize: expected a power of two >= 4096, found 12288
        {"cacheConfig":{"blockSize":2048}}       | cacheConfig.blockSize: expected one of [4096, 8192, 16384, 32768, 65536], found 2048
        {"gzipCacheConfig":{"refillSize":100}}   | gzipCacheConfig.refillSize: expected a positive multiple of 4096, found 100
        {"gzipCacheConfig":{"enable":"yes"}}     | gzipCacheConfig.enable: expected true or false, found "yes"
        {"credentialConfig":{"mode":"ftp"}}      | credentialConfig.mode: expected one of ["", "file", "http", "https", "uds"], found "ftp"
        {"download":{"delay":-1}}                | download.delay: expected an integer in 0..2147483647, found -1
        {"download":{"blockSize":0}}             | download.blockSize: expected an integer in 1..4294967295, found 0
        {"enableAudit":1}                        | enableAudit: expected true or false, found 1
        {"enableThread":true}                    | enableThread: expected false when the cache type is "file", found true
        {"exporterConfig":{"port":70000}}        | exporterConfig.port: expected an integer in 0..65535, found 70000
        {"exporterConfig":{"uriPrefix":"m"}}     | exporterConfig.uriPrefix: expected a path starting with /, found "m"
        {"exporterConfig":{"address":"any"}}     | exporterConfig.address: expected a dotted IPv4 address, found "any"
        {"prefetchConfig":{"concurrency":0}}     | prefetchConfig.concurrency: expected an integer in 1..1024, found 0
        {"serviceConfig":{"address":"http://example.com:1"}} | serviceConfig.address: expected http://<IPv4>:<port> or unix:///<path>, found "http://example.com:1"
        {"serviceConfig":{"address":"tcp://1.2.3.4:5"}}      | serviceConfig.address: expected http://<IPv4>:<port> or unix:///<path>, found "tcp://1.2.3.4:5"
        {"obd4j":{"iscsi":{"port":-1}}}          | obd4j.iscsi.port: expected an integer in 0..65535, found -1
        {"obd4j":{"iscsi":{"blockSize":1024}}}   | obd4j.iscsi.blockSize: expected one of [512, 4096], found 1024
        {"obd4j":{"iscsi":{"address":"::1"}}}    | obd4j.iscsi.address: expected a dotted IPv4 address, found "::1"
        {"obd4j":{"iscsi":{"chap":{"user":"u"}}}} | obd4j.iscsi.chap.secret: expected a non-empty secret when chap.user is set, found nothing
        {"obd4j":{"tcmu":{"enable":0}}}          | obd4j.tcmu.enable: expected true or false, found 0
        """)
    void globalConfigErrors(String json, String message) {
        assertThatThrownBy(() -> ConfigLoader.parseGlobal(json, "overlaybd.json"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("overlaybd.json: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        {"lowers":{}}                            | lowers: expected a JSON array, found {}
        {"lowers":[1]}                           | lowers[0]: expected a JSON object, found 1
        {"lowers":[{},{"digest":"sha256:xyz"}]}  | lowers[1].digest: expected sha256:<64 lowercase hex digits>, found "sha256:xyz"
        {"lowers":[{"size":-1}]}                 | lowers[0].size: expected an integer in 0..9223372036854775807, found -1
        {"lowers":[{"targetDigest":"md5:1"}]}    | lowers[0].targetDigest: expected sha256:<64 lowercase hex digits>, found "md5:1"
        {"upper":{"index":true}}                 | upper.index: expected a string, found true
        {"repoBlobUrl":5}                        | repoBlobUrl: expected a string, found 5
        {"download":{"enable":"true"}}           | download.enable: expected true or false, found "true"
        {"accelerationLayer":"yes"}              | accelerationLayer: expected true or false, found "yes"
        []                                       | (root): expected a JSON object, found []
        """)
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
