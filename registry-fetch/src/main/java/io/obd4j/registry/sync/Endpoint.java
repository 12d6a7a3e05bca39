package io.obd4j.registry.sync;

import io.obd4j.registry.RegistryClient;
import io.obd4j.registry.Repository;

/** A repository together with the client configured for its registry (scheme, TLS, credentials). */
public record Endpoint(RegistryClient client, Repository repository) {
    /** True when both live on the same registry, so a blob can be mounted instead of copied. */
    boolean sameRegistry(Endpoint other) {
        return repository.base().equals(other.repository.base());
    }

    @Override
    public String toString() {
        return repository.base().getRawAuthority() + "/" + repository.name();
    }
}
