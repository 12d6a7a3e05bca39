package io.obd4j.registry.convert;

import io.obd4j.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OCI chain IDs ({@code ChainID(L0) = DiffID(L0)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))})
 * and the layer uuids accelerated-container-image's convertor derives from them ({@code chainIDtoUUID}: the first
 * 32 hex digits, dashed 8-4-4-4-12), so a converted layer's uuid depends only on the source layers below it.
 */
public final class ChainIds {
    private ChainIds() {
    }

    /** The chain ID of every prefix of {@code diffIds}. */
    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest prev = null;
        for (Digest d : diffIds) {
            prev = prev == null ? d : Digest.sha256((prev + " " + d).getBytes(StandardCharsets.US_ASCII));
            chain.add(prev);
        }
        return chain;
    }

    /** {@code chainIDtoUUID}: the first 32 hex digits of the digest as a dashed uuid string. */
    public static String uuid(Digest chainId) {
        String h = chainId.hex();
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20, 32);
    }
}
