package io.obd4j.registry.sync;

/** What every task of one run shares. */
record SyncContext(ClientPool clients, BlobCopies blobs, SyncOptions options, SyncStats stats) {
}
