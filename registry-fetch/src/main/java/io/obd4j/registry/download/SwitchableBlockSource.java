package io.obd4j.registry.download;

import io.obd4j.core.io.BlockSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A layer's blob that reads from the remote (cached) source until a verified local copy exists, then from the local
 * file: the switch is one volatile write, reads already under way finish on the old source, which stays open until
 * {@link #close} (as overlaybd's {@code SwitchFile} keeps the remote handle).
 */
public final class SwitchableBlockSource implements BlockSource {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchableBlockSource.class);

    private final List<BlockSource> retired = new ArrayList<>();
    private volatile BlockSource current;

    public SwitchableBlockSource(BlockSource initial) {
        this.current = initial;
    }

    /** Makes {@code replacement} (same size) serve every later read. */
    public void switchTo(BlockSource replacement) throws IOException {
        BlockSource old = current;
        if (replacement.size() != old.size()) {
            throw new IOException(replacement.name() + ": size " + replacement.size() + " differs from "
                    + old.name() + " (" + old.size() + "); not switching");
        }
        synchronized (retired) {
            retired.add(old);
        }
        current = replacement;
        LOG.info("{}: reads switched to {}", old.name(), replacement.name());
    }

    /** The source reads go to now. */
    public BlockSource current() {
        return current;
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public long size() throws IOException {
        return current.size();
    }

    @Override
    public int read(ByteBuffer dst, long offset) throws IOException {
        return current.read(dst, offset);
    }

    /** The current source's: never cached while remote, the local copy's page cache once switched. */
    @Override
    public int readIfCached(ByteBuffer dst, long offset) throws IOException {
        return current.readIfCached(dst, offset);
    }

    @Override
    public void evict(long offset, long length) throws IOException {
        current.evict(offset, length);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        List<BlockSource> all;
        synchronized (retired) {
            all = new ArrayList<>(retired);
            retired.clear();
        }
        all.add(current);
        for (BlockSource s : all) {
            try {
                s.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
