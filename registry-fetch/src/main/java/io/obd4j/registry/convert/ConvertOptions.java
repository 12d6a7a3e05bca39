package io.obd4j.registry.convert;

import io.obd4j.core.format.zfile.ZFileOptions;
import io.obd4j.registry.sync.PlatformFilter;
import java.nio.file.Path;
import java.util.List;

/**
 * Knobs of one conversion.
 *
 * @param vsize    the filesystem's (and every layer's) virtual size in bytes ({@code --vsize}, default 64 GiB)
 * @param zfile    compression of the layer blobs ({@code --algorithm}, {@code --bs}); CRC on, header rewritten
 * @param oci      OCI media types for manifest, config and layers instead of Docker schema 2 ({@code --oci})
 * @param platform the image chosen from an index ({@code --os}/{@code --arch}, default linux/amd64)
 * @param workDir  where the working directory (raw filesystem, layer blobs) is made; it is removed afterwards
 */
public record ConvertOptions(long vsize, ZFileOptions zfile, boolean oci, PlatformFilter platform, Path workDir) {
    /** 64 GiB, the convertor's and {@code overlaybd-create}'s usual size. */
    public static final long DEFAULT_VSIZE = 64L << 30;

    public ConvertOptions {
        if (vsize < (16L << 20) || vsize % 4096 != 0) {
            throw new IllegalArgumentException("--vsize must be a multiple of 4 KiB and at least 16 MiB, not "
                    + vsize);
        }
    }

    /** 64 GiB, lz4 in 4 KiB blocks, Docker media types, linux/amd64, the system temp directory. */
    public static ConvertOptions defaults() {
        return new ConvertOptions(DEFAULT_VSIZE, ZFileOptions.DEFAULT.withOverwriteHeader(true), false,
                new PlatformFilter(List.of("linux"), List.of("amd64")), Path.of(System.getProperty("java.io.tmpdir")));
    }

    public ConvertOptions withVsize(long v) {
        return new ConvertOptions(v, zfile, oci, platform, workDir);
    }

    public ConvertOptions withZfile(ZFileOptions z) {
        return new ConvertOptions(vsize, z, oci, platform, workDir);
    }

    public ConvertOptions withOci(boolean o) {
        return new ConvertOptions(vsize, zfile, o, platform, workDir);
    }

    public ConvertOptions withPlatform(PlatformFilter p) {
        return new ConvertOptions(vsize, zfile, oci, p, workDir);
    }

    public ConvertOptions withWorkDir(Path w) {
        return new ConvertOptions(vsize, zfile, oci, platform, w);
    }
}
