package io.obd4j.core.image;

import io.obd4j.core.format.lsmt.CommitArgs;
import io.obd4j.core.format.lsmt.RwLayer;
import io.obd4j.core.format.tar.TarWrapper;
import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.core.format.zfile.ZFileWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * {@code overlaybd-commit [-z [-t]]} as one pipeline: the committer's sequential output goes straight into a ZFile
 * writer ({@code -z}), itself inside a tar wrapper ({@code -t}), into {@code target}. Nothing is staged on disk.
 */
public final class LayerCommit {
    private LayerCommit() {
    }

    /**
     * Commits {@code layer} into {@code target} (an empty file opened for writing, left open).
     *
     * @param zfile the ZFile options, or null for a plain LSMT commit file
     * @param tar   wrap the result in overlaybd's tar layout (needs {@code zfile}, as the CLI does)
     */
    public static void commit(RwLayer layer, CommitArgs args, FileChannel target, ZFileOptions zfile, boolean tar)
            throws IOException {
        if (tar && zfile == null) {
            throw new IllegalArgumentException("-t (tar) needs -z (zfile)");
        }
        SeekableByteChannel out = tar ? TarWrapper.create(target, TarWrapper.DEFAULT_MODE) : target;
        try {
            if (zfile == null) {
                layer.commit(args, out);
                return;
            }
            ZFileWriter z = ZFileWriter.create(out, target.toString(), zfile);
            layer.commit(args, z.asChannel());
            z.finish();
        } finally {
            if (tar) {
                out.close();
            }
        }
    }
}
