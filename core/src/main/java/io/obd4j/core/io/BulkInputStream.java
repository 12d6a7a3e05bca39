package io.obd4j.core.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} that reads only in bulk: subclasses implement {@link #read(byte[], int, int)}, and the
 * single-byte {@link #read()} goes through it.
 */
public abstract class BulkInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] dst, int off, int len) throws IOException;
}
