package io.obd4j.daemon.image;

import io.obd4j.core.config.OpenErrors;
import io.obd4j.core.image.BlockDevice;

/**
 * Turns a resolved image into a block device (LSMT/ZFile readers, registry sources, writable upper) and restacks it
 * for a live snapshot. Implemented where the formats live; failures carry overlaybd's resultFile text.
 */
public interface ImageOpener {

    BlockDevice open(ResolvedImage image) throws ImageServiceException;

    /**
     * Live snapshot (spec §9.1 steps 3–4): open {@code next}'s (already checked) upper and seal the current upper as
     * the top lower of {@code device}.
     */
    void snapshot(BlockDevice device, ResolvedImage current, ResolvedImage next) throws ImageServiceException;

    /** The opener of a build without image formats: every open fails with overlaybd's fallback text. */
    static ImageOpener withoutFormats() {
        return new ImageOpener() {
            @Override
            public BlockDevice open(ResolvedImage image) throws ImageServiceException {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED,
                        OpenErrors.CREATE_DEVICE_FAILED,
                        new UnsupportedOperationException("no image formats in this build"));
            }

            @Override
            public void snapshot(BlockDevice device, ResolvedImage current, ResolvedImage next)
                    throws ImageServiceException {
                throw new ImageServiceException(ImageServiceException.Kind.FAILED, "live snapshot unsupported");
            }
        };
    }
}
