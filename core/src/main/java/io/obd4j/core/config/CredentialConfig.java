package io.obd4j.core.config;

/**
 * {@code credentialConfig}: where registry credentials come from. An empty {@code mode} means the legacy
 * {@code credentialFilePath} (see {@link OverlaybdConfig#effectiveCredentials()}). overlaybd silently runs without
 * credentials for an unknown mode; obd4j rejects it so a typo cannot turn into anonymous pulls.
 */
public record CredentialConfig(String mode, String path, int timeout, String clientCertPath, String clientKeyPath,
                               String serverCaPath) {
    public static final String FILE = "file";
    public static final String HTTP = "http";
    public static final String HTTPS = "https";
    public static final String UDS = "uds";

    static CredentialConfig read(ConfigNode n) throws ConfigException {
        CredentialConfig c = new CredentialConfig(
                n.oneOf("mode", "", "", FILE, HTTP, HTTPS, UDS),
                n.string("path", ""),
                n.int32("timeout", 1),
                n.string("client_cert_path", ""),
                n.string("client_key_path", ""),
                n.string("server_ca_path", ""));
        n.finish();
        return c;
    }
}
