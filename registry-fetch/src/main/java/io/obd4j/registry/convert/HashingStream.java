package io.obd4j.registry.convert;

import io.obd4j.registry.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes what is read through it with SHA-256 (a layer's uncompressed tar, whose digest is the diff_id). */
final class HashingStream extends FilterInputStream {
    private final MessageDigest hasher;
    private long count;

    HashingStream(InputStream in) {
        super(in);
        this.hasher = Digest.sha256(new byte[0]).newHasher();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            hasher.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end (past a tar's end-of-archive: the diff_id covers every byte). */
    void drain() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // hashed by read
        }
    }

    /** The digest of everything read so far. */
    Digest digest() {
        return Digest.ofSha256(hasher.digest());
    }

    long count() {
        return count;
    }
}
