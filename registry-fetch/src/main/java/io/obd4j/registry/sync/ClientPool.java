package io.obd4j.registry.sync;

import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.RegistryException;
import io.obd4j.registry.Repository;
import io.obd4j.registry.TlsContexts;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link RegistryClient} per TLS setting (default trust store, insecure, each CA bundle, plain HTTP), all sharing
 * the rules' {@link AuthTable} as credentials; hands out {@link Endpoint}s for {@code registry/repository}
 * ({@code docker.io/redis} is Docker Hub's {@code registry-1.docker.io/library/redis}).
 */
final class ClientPool implements AutoCloseable {
    /** Docker Hub's names: its API lives on registry-1.docker.io, official images under library/. */
    private static final java.util.Set<String> DOCKER_HUB = java.util.Set.of("docker.io", "index.docker.io");

    private final AuthTable auth;
    private final SyncOptions options;
    private final Map<String, RegistryClient> clients = new HashMap<>();

    ClientPool(AuthTable auth, SyncOptions options) {
        this.auth = auth;
        this.options = options;
    }

    synchronized Endpoint endpoint(String registry, String repository) throws RegistryException {
        RegistryAccess access = auth.lookup(registry, repository);
        RegistryClient client = clients.get(access.tlsKey());
        if (client == null) {
            RegistryClient.Builder b = RegistryClient.builder().credentials(auth).retry(options.retry())
                    .userAgent("obd4j-sync/0.1");
            if (access.insecure() && !access.http()) {
                b.sslContext(InsecureTls.context());
            } else if (access.caFile() != null && !access.http()) {
                b.sslContext(TlsContexts.trusting(access.caFile()));
            }
            client = b.build();
            clients.put(access.tlsKey(), client);
        }
        boolean hub = DOCKER_HUB.contains(registry);
        String host = hub ? "registry-1.docker.io" : registry;
        String name = hub && repository.indexOf('/') < 0 ? "library/" + repository : repository;
        return new Endpoint(client, Repository.of(URI.create(access.scheme() + "://" + host), name));
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(RegistryClient::close);
        clients.clear();
    }
}
