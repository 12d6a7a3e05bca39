package io.obd4j.daemon.backing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.obd4j.core.format.zfile.CompressionAlgorithm;
import io.obd4j.core.format.zfile.ZFileOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a backing image is prepared for, taken from the volume whose creation made it (the way Longhorn's CSI
 * flow gives a backing image the data engine of its volume) or from the {@code POST /v1/backing-images} body:
 * {@code blockSize} (logical block size, 512 or 4096: the image's size must be a multiple of it), {@code frontEnd}
 * ({@code iscsi} or {@code tcmu}) and the compression of the stored layer ({@code none}, {@code lz4}, {@code zstd},
 * with a ZFile {@code compressionBlockSize} of 4-32 KiB).
 *
 * @param frontEnd "" in statuses saved before settings existed: matches any front end
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeSettings(int blockSize, String frontEnd, String compression, int compressionBlockSize) {
    public static final String NONE = "none";
    static final int MAX_COMPRESSION_BLOCK = 32768;

    /** What a request leaves out: the block size of the iSCSI front end, its front end, no compression. */
    public static VolumeSettings defaults(int blockSize, String frontEnd) {
        return new VolumeSettings(blockSize, frontEnd, NONE, 0);
    }

    /** Settings of a status saved before they existed. */
    static VolumeSettings legacy() {
        return new VolumeSettings(512, "", NONE, 0);
    }

    /**
     * The settings {@code body} states ({@code blockSize}, {@code frontEnd}, {@code compression},
     * {@code compressionBlockSize}), the others from {@code base}; a bad value is refused naming the field.
     */
    public static VolumeSettings parse(JsonNode body, VolumeSettings base) throws BackingImageException {
        int bs = body.has("blockSize") ? body.path("blockSize").asInt(-1) : base.blockSize();
        if (bs != 512 && bs != 4096) {
            throw bad("blockSize " + body.path("blockSize") + ": expected 512 or 4096");
        }
        String fe = body.has("frontEnd") ? body.path("frontEnd").asText("") : base.frontEnd();
        if (!fe.equals("iscsi") && !fe.equals("tcmu")) {
            throw bad("frontEnd \"" + fe + "\": expected iscsi or tcmu");
        }
        String algo = body.has("compression") ? body.path("compression").asText("") : base.compression();
        if (!algo.equals(NONE) && !algo.equals("lz4") && !algo.equals("zstd")) {
            throw bad("compression \"" + algo + "\": expected none, lz4 or zstd");
        }
        int zbs = body.has("compressionBlockSize") ? body.path("compressionBlockSize").asInt(-1)
                : algo.equals(NONE) ? 0 : Math.max(base.compressionBlockSize(), ZFileOptions.MIN_BLOCK_SIZE);
        if (algo.equals(NONE)) {
            if (body.has("compressionBlockSize") && zbs != 0) {
                throw bad("compressionBlockSize " + zbs + ": only with compression lz4 or zstd");
            }
            zbs = 0;
        } else if (zbs < ZFileOptions.MIN_BLOCK_SIZE || zbs > MAX_COMPRESSION_BLOCK || Integer.bitCount(zbs) != 1) {
            // 64 KiB is refused: an incompressible 64 KiB block is stored larger, which overlaybd cannot read
            throw bad("compressionBlockSize " + body.path("compressionBlockSize") + ": expected a power of two from "
                    + ZFileOptions.MIN_BLOCK_SIZE + " to " + MAX_COMPRESSION_BLOCK);
        }
        return new VolumeSettings(bs, fe, algo, zbs);
    }

    /** True when {@code body} states any of the settings. */
    public static boolean stated(JsonNode body) {
        return body.has("blockSize") || body.has("frontEnd") || body.has("compression")
                || body.has("compressionBlockSize");
    }

    private static BackingImageException bad(String message) {
        return new BackingImageException(BackingImageException.Kind.BAD_REQUEST, message);
    }

    /** The ZFile options of the layer, or null for an uncompressed one. */
    ZFileOptions zfile() {
        return compression.equals(NONE) ? null
                : ZFileOptions.forCommit(CompressionAlgorithm.parse(compression), compressionBlockSize);
    }

    /**
     * The settings {@code body} states that differ from these, as {@code field: asked X, backing image has Y};
     * empty when none does. A front end of "" (a legacy status) matches any.
     */
    List<String> conflicts(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body.has("blockSize") && body.path("blockSize").asInt(-1) != blockSize) {
            out.add("blockSize: the volume asks " + body.path("blockSize") + ", the backing image has " + blockSize);
        }
        String fe = body.path("frontEnd").asText("");
        if (body.has("frontEnd") && !frontEnd.isEmpty() && !fe.equals(frontEnd)) {
            out.add("frontEnd: the volume asks " + fe + ", the backing image has " + frontEnd);
        }
        if (body.has("compression") && !body.path("compression").asText("").equals(compression)) {
            out.add("compression: the volume asks " + body.path("compression").asText("") + ", the backing image has "
                    + compression);
        }
        if (body.has("compressionBlockSize") && body.path("compressionBlockSize").asInt(-1) != compressionBlockSize) {
            out.add("compressionBlockSize: the volume asks " + body.path("compressionBlockSize")
                    + ", the backing image has " + compressionBlockSize);
        }
        return out;
    }
}
