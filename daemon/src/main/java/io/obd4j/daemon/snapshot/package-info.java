/**
 * Volume snapshots with the Kubernetes VolumeSnapshot lifecycle: create (the live restack seals the writable layer
 * as a lower and opens a new one), list, delete, restore into a new volume, and crash recovery of snapshots a
 * stopped daemon left half-made.
 */
package io.obd4j.daemon.snapshot;
