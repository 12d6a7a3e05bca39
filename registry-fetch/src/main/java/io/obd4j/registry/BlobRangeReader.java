package io.obd4j.registry;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A block source over one remote blob: every read is one ranged GET (after the first, usually straight to the
 * blob storage host a redirect pointed at), retried per the client's policy. The size comes from the image config
 * ({@code lowers[].size}) or a {@code HEAD}. Reads into heap buffers go straight into their array; a direct buffer
 * costs one temporary array per call (the cache above reads into heap arrays).
 */
public final class BlobRangeReader implements StreamableSource {
    private final RegistryClient client;
    private final BlobRoute route;
    private final long size;

    private BlobRangeReader(RegistryClient client, BlobUrl blob, long size) {
        this.client = client;
        this.route = new BlobRoute(blob);
        this.size = size;
    }

    /** Opens {@code blob}; {@code knownSize <= 0} asks the registry ({@code HEAD}). */
    public static BlobRangeReader open(RegistryClient client, BlobUrl blob, long knownSize) throws RegistryException {
        long size = knownSize > 0 ? knownSize : client.blobSize(blob);
        return new BlobRangeReader(client, blob, size);
    }

    public BlobUrl blob() {
        return route.blob;
    }

    /** overlaybd's name for a remote file: {@code "/" + url}. */
    @Override
    public String name() {
        return route.blob.sourceName();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        int len = BlockSource.readLength(this, size, dst, offset);
        if (len == 0) {
            return 0;
        }
        if (dst.hasArray()) {
            readFully(offset, dst.array(), dst.arrayOffset() + dst.position(), len);
            dst.position(dst.position() + len);
        } else {
            byte[] tmp = new byte[len];
            readFully(offset, tmp, 0, len);
            dst.put(tmp);
        }
        return len;
    }

    /** Reads exactly {@code len} bytes at {@code offset} (which must lie inside the blob) into {@code dst}. */
    public void readFully(long offset, byte[] dst, int dstOff, int len) throws RegistryException {
        if (offset + len > size) {
            throw new IllegalArgumentException(name() + ": range " + offset + "+" + len + " past size " + size);
        }
        client.readRange(route, size, offset, dst, dstOff, len);
    }

    /** One ranged GET from {@code offset} to the end of the blob, read as it arrives. */
    @Override
    public ReadableByteChannel openStream(long offset) throws RegistryException {
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException(name() + ": stream offset " + offset + " outside size " + size);
        }
        return client.openStream(route, size, offset);
    }

    /** The client's retry policy (the cache and downloader reuse it). */
    public RetryPolicy retryPolicy() {
        return client.policy();
    }

    @Override
    public void close() {
    }
}
