package io.obd4j.core.config;

/** {@code certConfig}: client TLS certificate and key for registry connections. */
public record CertConfig(String certFile, String keyFile) {
    static CertConfig read(ConfigNode n) throws ConfigException {
        CertConfig c = new CertConfig(n.string("certFile", ""), n.string("keyFile", ""));
        n.finish();
        return c;
    }
}
