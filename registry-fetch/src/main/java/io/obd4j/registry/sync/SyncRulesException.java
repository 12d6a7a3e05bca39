package io.obd4j.registry.sync;

import io.obd4j.registry.RegistryException;

/** A rules file or rule that cannot be used; the message names the file, the field and what was expected. */
public final class SyncRulesException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public SyncRulesException(String message) {
        super(message, (Throwable) null);
    }
}
