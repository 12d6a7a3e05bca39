package io.obd4j.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * The source side of a blob copy: counts and hashes what passes, refuses more than the descriptor's size, and at the
 * end checks the length and the digest, so a truncated or corrupt source never completes an upload.
 */
public final class VerifyingStream extends FilterInputStream {
    private final Digest digest;
    private final long size;
    private final LongConsumer progress;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    public VerifyingStream(InputStream in, Digest digest, long size, LongConsumer progress) {
        super(in);
        this.digest = digest;
        this.size = size;
        this.progress = progress;
        this.hasher = digest.newHasher();
    }

    @Override
    public int read() throws IOException {
        return readOne(this);
    }

    private static int readOne(InputStream in) throws IOException {
        byte[] one = new byte[1];
        return in.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verifyComplete();
            return n;
        }
        if (count + n > size) {
            throw new IOException("blob " + digest + " is longer than its " + size + " bytes");
        }
        hasher.update(b, off, n);
        count += n;
        progress.accept(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip on a verified blob stream");
    }

    /** Throws unless exactly {@code size} bytes with the right digest went through and the source has ended. */
    public void verifyComplete() throws IOException {
        if (verified) {
            return;
        }
        if (count == size && super.read() >= 0) {
            throw new IOException("blob " + digest + " is longer than its " + size + " bytes");
        }
        if (count != size) {
            throw new IOException("blob " + digest + " ended after " + count + " of " + size + " bytes");
        }
        if (!digest.matches(hasher.digest())) {
            throw new IOException("blob " + digest + " does not match its digest");
        }
        verified = true;
    }

    /** The next {@code n} bytes of this stream as a stream of its own (one upload chunk); closing it is a no-op. */
    InputStream limited(long n) {
        return new InputStream() {
            private long left = n;

            @Override
            public int read() throws IOException {
                return readOne(this);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int r = VerifyingStream.this.read(b, off, (int) Math.min(len, left));
                if (r < 0) {
                    throw new IOException("blob " + digest + " ended " + left + " bytes before its chunk did");
                }
                left -= r;
                return r;
            }
        };
    }
}
