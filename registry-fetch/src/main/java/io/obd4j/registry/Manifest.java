package io.obd4j.registry;

/** A manifest as fetched: its media type, raw bytes (what the digest covers) and digest. */
public final class Manifest {
    private final String mediaType;
    private final byte[] bytes;
    private final Digest digest;

    public Manifest(String mediaType, byte[] bytes, Digest digest) {
        this.mediaType = mediaType;
        this.bytes = bytes.clone();
        this.digest = digest;
    }

    public String mediaType() {
        return mediaType;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public Digest digest() {
        return digest;
    }
}
