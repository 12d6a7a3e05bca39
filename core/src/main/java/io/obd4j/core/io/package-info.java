/**
 * Byte sources that layer formats read from. Knows nothing about formats, SCSI or the network.
 */
package io.obd4j.core.io;
