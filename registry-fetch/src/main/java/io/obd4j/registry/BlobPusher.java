package io.obd4j.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Pushes blobs and manifests (OCI distribution spec "push"): existence check, cross-repository mount, monolithic
 * upload (POST then PUT with the whole body) and chunked upload (PATCH with {@code Content-Range}, then PUT). A
 * failed upload is retried from a new upload session.
 */
public final class BlobPusher {
    private final RegistryClient client;
    private final HttpTransport transport;

    public BlobPusher(RegistryClient client) {
        this.client = client;
        this.transport = client.transport;
    }

    /** True when the blob is already in {@code repo} ({@code HEAD} → 200). */
    public boolean exists(Repository repo, Digest digest) throws RegistryException {
        URI uri = repo.blobUri(digest);
        return transport.retrying("blob exists", uri, () -> {
            Exchange ex = new Exchange("HEAD", uri).auth(repo.authKey(), uri.toString());
            ex.followRedirects = true;
            Reply r = transport.send(ex);
            if (r.status == 200 || r.status == 404) {
                return r.status == 200;
            }
            throw StatusException.of(r, "blob exists");
        });
    }

    /** Mounts {@code digest} from {@code fromRepo} (same registry); false when the registry wants an upload. */
    public boolean mount(Repository repo, Digest digest, String fromRepo) throws RegistryException {
        URI uri = repo.resolve("blobs/uploads/?mount=" + digest + "&from=" + fromRepo);
        return transport.retrying("mount blob", uri, () -> {
            Reply r = post(repo, uri);
            if (r.status == 201) {
                return true;
            }
            if (r.status == 202) {
                return false;
            }
            throw StatusException.of(r, "mount blob");
        });
    }

    /** Uploads {@code file} as blob {@code digest} in one PUT. */
    public void pushMonolithic(Repository repo, Digest digest, Path file) throws RegistryException {
        URI start = repo.resolve("blobs/uploads/");
        transport.retrying("push blob " + digest, start, () -> {
            URI location = startUpload(repo, start);
            Exchange put = new Exchange("PUT", withDigest(location, digest)).auth(repo.authKey(),
                    RegistryClient.credentialUrl(repo)).header("Content-Type", "application/octet-stream");
            put.body = () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(file);
                } catch (java.io.FileNotFoundException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            expectCreated(transport.send(put), "push blob");
            return null;
        });
    }

    /** Uploads {@code file} in PATCH chunks of {@code chunkSize} bytes, then completes with PUT. */
    public void pushChunked(Repository repo, Digest digest, Path file, int chunkSize) throws RegistryException {
        URI start = repo.resolve("blobs/uploads/");
        transport.retrying("push blob (chunked) " + digest, start, () -> {
            URI location = startUpload(repo, start);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                byte[] chunk = new byte[chunkSize];
                for (long off = 0; off < size; off += chunkSize) {
                    int n = (int) Math.min(chunkSize, size - off);
                    ByteBuffer bb = ByteBuffer.wrap(chunk, 0, n);
                    while (bb.hasRemaining()) {
                        if (ch.read(bb, off + bb.position()) < 0) {
                            throw new IOException(file + " shrank during upload");
                        }
                    }
                    byte[] body = java.util.Arrays.copyOf(chunk, n);
                    Exchange patch = new Exchange("PATCH", location).auth(repo.authKey(),
                            RegistryClient.credentialUrl(repo))
                            .header("Content-Type", "application/octet-stream")
                            .header("Content-Range", off + "-" + (off + n - 1));
                    patch.body = () -> HttpRequest.BodyPublishers.ofByteArray(body);
                    Reply r = transport.send(patch);
                    if (r.status != 202 || r.header("Location") == null) {
                        throw StatusException.of(r, "upload chunk");
                    }
                    location = location.resolve(r.header("Location"));
                }
            }
            Exchange put = new Exchange("PUT", withDigest(location, digest)).auth(repo.authKey(),
                    RegistryClient.credentialUrl(repo));
            expectCreated(transport.send(put), "complete chunked upload");
            return null;
        });
    }

    /** PUTs a manifest under {@code reference} (tag or digest); returns its digest. */
    public Digest pushManifest(Repository repo, String reference, String mediaType, byte[] body)
            throws RegistryException {
        URI uri = repo.resolve("manifests/" + reference);
        Digest digest = Digest.sha256(body);
        transport.retrying("push manifest", uri, () -> {
            Exchange put = new Exchange("PUT", uri).auth(repo.authKey(), RegistryClient.credentialUrl(repo))
                    .header("Content-Type", mediaType);
            put.body = () -> HttpRequest.BodyPublishers.ofByteArray(body);
            expectCreated(transport.send(put), "push manifest");
            return null;
        });
        return digest;
    }

    private Reply post(Repository repo, URI uri) throws IOException {
        Exchange ex = new Exchange("POST", uri).auth(repo.authKey(), RegistryClient.credentialUrl(repo))
                .header("Content-Type", "application/octet-stream");
        return transport.send(ex);
    }

    URI startUpload(Repository repo, URI start) throws IOException {
        Reply r = post(repo, start);
        if (r.status != 202 || r.header("Location") == null) {
            throw StatusException.of(r, "start upload");
        }
        return start.resolve(r.header("Location"));
    }

    static URI withDigest(URI location, Digest digest) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + digest);
    }

    static void expectCreated(Reply r, String what) throws StatusException {
        if (r.status != 201) {
            throw StatusException.of(r, what);
        }
    }

    RegistryClient client() {
        return client;
    }
}
