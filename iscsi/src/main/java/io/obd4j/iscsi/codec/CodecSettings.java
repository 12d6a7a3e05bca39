package io.obd4j.iscsi.codec;

/**
 * Per-connection framing parameters shared by {@link PduDecoder} and {@link PduEncoder}. Confined to the
 * connection's event loop. Login starts with no digests and an 8192-byte receive limit (RFC 7143 section 6.3);
 * the login layer switches to the negotiated values right after the final Login Response is written.
 */
public final class CodecSettings {
    /** The receive limit that applies during login (RFC 7143 section 13.12). */
    public static final int LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;

    private boolean headerDigest;
    private boolean dataDigest;
    private int maxRecvDataSegmentLength = LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    /** Largest data segment this side accepts. */
    public int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    public void apply(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength) {
        this.headerDigest = headerDigest;
        this.dataDigest = dataDigest;
        this.maxRecvDataSegmentLength = maxRecvDataSegmentLength;
    }
}
