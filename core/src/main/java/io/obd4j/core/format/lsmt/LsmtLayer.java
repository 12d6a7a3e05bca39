package io.obd4j.core.format.lsmt;

import io.obd4j.core.io.BlockSource;
import java.io.Closeable;
import java.io.IOException;

/**
 * One opened read-only LSMT layer (committed or sealed): its source, its validated index (tags 0) and the layer
 * info, which a read-only open takes from the <b>trailer</b> (spec §1.4 step 6). Closing it closes the source.
 *
 * @param name    what error messages call this layer
 * @param source  the (unwrapped) LSMT blob; data records address it in sectors
 * @param header  the header at offset 0 (only its magics and flags were checked)
 * @param trailer the trailer at {@code size - 4096}, source of the layer info
 * @param index   the loaded index: padding dropped, tags 0, order and bounds checked
 */
public record LsmtLayer(String name, BlockSource source, LsmtHeader header, LsmtHeader trailer, LsmtIndex index)
        implements Closeable {

    /** Virtual disk size in bytes (trailer). */
    public long virtualSize() {
        return trailer.virtualSize();
    }

    /** The layer uuid string as stored in the trailer. */
    public String uuid() {
        return trailer.uuid();
    }

    /** The parent uuid string as stored in the trailer. */
    public String parentUuid() {
        return trailer.parentUuid();
    }

    /** The commit message bytes from the trailer. */
    public byte[] userTag() {
        return trailer.userTag();
    }

    /** True when the header is a RW data header that was sealed in place ({@code close_seal}), not a commit file. */
    public boolean isSealedInPlace() {
        return !header.isSealed();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    @Override
    public String toString() {
        return "LsmtLayer{" + name + ", vsize=" + virtualSize() + ", uuid=" + uuid() + ", records=" + index.size()
                + "}";
    }
}
