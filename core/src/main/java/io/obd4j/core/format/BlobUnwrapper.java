package io.obd4j.core.format;

import io.obd4j.core.format.tar.TarWrappedSource;
import io.obd4j.core.format.zfile.ZFileDetector;
import io.obd4j.core.format.zfile.ZFileReader;
import io.obd4j.core.io.BlockSource;
import java.io.IOException;

/**
 * Peels the wrappers off a layer blob as overlaybd does for every lower (spec §2.7, §3.3): raw bytes → tar
 * detection ({@code new_tar_file_adaptor}) → ZFile detection ({@code try_open_zfile}) → the bytes of the LSMT
 * file, which the LSMT reader then opens.
 *
 * <pre>{@code
 * BlockSource lsmtBytes = BlobUnwrapper.unwrap(LocalFileSource.open(path));   // owns the raw source
 * }</pre>
 */
public final class BlobUnwrapper {

    /** What was found around the LSMT bytes. */
    public record Unwrapped(BlockSource source, boolean tar, boolean zfile) {
    }

    private BlobUnwrapper() {
    }

    /**
     * Returns the LSMT bytes inside {@code raw}: the tar payload if it is a tar, decompressed if it is a ZFile.
     * The result owns {@code raw} (closing it closes the chain); if this throws, the caller still owns {@code raw}.
     *
     * @throws FormatException when the tar or ZFile wrapping is invalid, the blob is shorter than a ZFile header
     *     (overlaybd's {@code is_zfile} answers -1), or the ZFile header digest does not match
     */
    public static BlockSource unwrap(BlockSource raw) throws IOException {
        return inspect(raw).source();
    }

    /** Like {@link #unwrap} but also says which wrappers were present. */
    public static Unwrapped inspect(BlockSource raw) throws IOException {
        boolean tar = TarWrappedSource.isTar(raw);
        BlockSource src = tar ? TarWrappedSource.open(raw) : raw;
        ZFileDetector.Result kind = ZFileDetector.detect(src);
        switch (kind) {
            case ZFILE:
                return new Unwrapped(ZFileReader.open(src), tar, true);
            case NOT_ZFILE:
                return new Unwrapped(src, tar, false);
            default:
                long at = tar ? ((TarWrappedSource) src).payloadOffset() : 0;
                throw new FormatException(src.name(), "ZFile header", at,
                        "a ZFile header with a valid digest, or no ZFile magic",
                        src.size() < 512 ? "only " + src.size() + " bytes" : "ZFile magic with a bad header digest");
        }
    }
}
