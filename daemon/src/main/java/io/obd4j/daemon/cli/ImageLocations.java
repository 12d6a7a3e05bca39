package io.obd4j.daemon.cli;

import io.obd4j.registry.ImageReference;
import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.Repository;
import io.obd4j.registry.TlsContexts;
import io.obd4j.registry.auth.CredentialsFile;
import io.obd4j.registry.auth.CredentialsProvider;
import io.obd4j.registry.convert.ImageSource;
import io.obd4j.registry.convert.ImageTarget;
import io.obd4j.registry.convert.OciLayout;
import io.obd4j.registry.convert.OciLayoutSource;
import io.obd4j.registry.convert.OciLayoutTarget;
import io.obd4j.registry.convert.RegistryImageSource;
import io.obd4j.registry.convert.RegistryImageTarget;
import io.obd4j.registry.sync.InsecureTls;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Turns the image names of {@code obd4j convert} into sources and targets: {@code oci:DIR[:TAG]} is an OCI layout,
 * anything else a registry reference ({@code host/repo:tag}, {@code host/repo@sha256:…}). One registry client
 * serves both sides, with credentials from overlaybd's cred.json and {@code --plain-http} / {@code --insecure} /
 * {@code --ca-file} as {@code obd4j sync} reads them.
 */
final class ImageLocations implements AutoCloseable {
    private final boolean plainHttp;
    private final RegistryClient client;

    ImageLocations(Path credFile, boolean plainHttp, boolean insecure, Path caFile) throws IOException {
        this.plainHttp = plainHttp;
        CredentialsProvider creds = credFile == null ? CredentialsProvider.ANONYMOUS : new CredentialsFile(credFile);
        RegistryClient.Builder b = RegistryClient.builder().credentials(creds).userAgent("obd4j-convert/0.1");
        if (insecure && !plainHttp) {
            b.sslContext(InsecureTls.context());
        } else if (caFile != null && !plainHttp) {
            b.sslContext(TlsContexts.trusting(caFile));
        }
        this.client = b.build();
    }

    static boolean isLayout(String name) {
        return name.startsWith("oci:");
    }

    ImageSource source(String name) throws RegistryException {
        if (isLayout(name)) {
            OciLayout.Ref ref = OciLayout.Ref.parse(name);
            return new OciLayoutSource(ref.layout(), ref.tag());
        }
        ImageReference r = ImageReference.parse(name);
        return new RegistryImageSource(client, repository(r), r.reference());
    }

    /** A registry target; {@code source} (when in the same registry) is where blobs are mounted from. */
    RegistryImageTarget registryTarget(String name, ImageSource source) throws RegistryException {
        ImageReference r = ImageReference.parse(name);
        if (r.digest() != null) {
            throw new IllegalArgumentException("--dest must name a tag, not a digest: " + name);
        }
        Repository from = source instanceof RegistryImageSource ? ((RegistryImageSource) source).repository() : null;
        return new RegistryImageTarget(client, repository(r), r.tag(), from);
    }

    static ImageTarget layoutTarget(Path dir) throws IOException {
        return new OciLayoutTarget(new OciLayout(dir));
    }

    private Repository repository(ImageReference r) throws RegistryException {
        return Repository.of(URI.create((plainHttp ? "http://" : "https://") + r.host()), r.path());
    }

    @Override
    public void close() {
        client.close();
    }
}
