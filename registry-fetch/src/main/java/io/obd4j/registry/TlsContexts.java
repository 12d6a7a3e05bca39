package io.obd4j.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds an {@link SSLContext} that trusts exactly the certificates of a PEM CA bundle. */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** Trusts the certificates in {@code pemBundle} (one or more PEM blocks) and nothing else. */
    public static SSLContext trusting(Path pemBundle) throws RegistryException {
        try (InputStream in = Files.newInputStream(pemBundle)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new RegistryException("no certificates in CA bundle", pemBundle.toString());
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new RegistryException("cannot load CA bundle " + pemBundle + ": " + e.getMessage(),
                    pemBundle.toString());
        }
    }
}
