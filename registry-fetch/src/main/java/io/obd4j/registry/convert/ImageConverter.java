package io.obd4j.registry.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.obd4j.core.convert.LayerBlob;
import io.obd4j.core.convert.LayerConverter;
import io.obd4j.core.convert.LayerStreams;
import io.obd4j.core.ext4.LayerApplyException;
import io.obd4j.registry.Digest;
import io.obd4j.registry.VerifyingStream;
import io.obd4j.registry.sync.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converts one image: resolves the platform, converts the layers in order (each streamed from the source, its blob
 * digest and diff_id checked while the filesystem consumes it), stores each overlaybd blob in the target in the
 * background while the next layer converts, then, once all are stored, the config and the manifest.
 *
 * <p>Reproducible: the layer uuids come from the source chain IDs (as the convertor's {@code chainIDtoUUID}), the
 * filesystem's uuid and hash seed from the source manifest digest, its timestamps from the config's {@code created};
 * nothing reads the clock or a random source, so converting the same image twice gives the same digests.
 */
public final class ImageConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConvertOptions options;
    private final ConvertListener listener;

    public ImageConverter(ConvertOptions options, ConvertListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Converts {@code source} into {@code target}, the manifest going under {@code tag} (null: by digest). */
    public ConvertResult convert(ImageSource source, ImageTarget target, String tag) throws IOException {
        SelectedImage image = SelectedImage.resolve(source, options.platform());
        List<Descriptor> sourceLayers = image.manifest().layers();
        List<Digest> chain = ChainIds.of(image.diffIds());
        List<ConvertResult.Layer> done;
        Files.createDirectories(options.workDir());
        Path work = Files.createTempDirectory(options.workDir(), "obd4j-convert-");
        try (BackgroundStore store = new BackgroundStore(target);
             LayerConverter converter = LayerConverter.create(work, options.vsize(),
                     LayerConverter.deterministicFs(image.manifest().digest().toString(),
                             image.createdEpochSeconds()), options.zfile())) {
            for (int i = 0; i < sourceLayers.size(); i++) {
                Descriptor d = sourceLayers.get(i);
                listener.layerStarted(i, sourceLayers.size(), d);
                String parent = i == 0 ? null : ChainIds.uuid(chain.get(i - 1));
                store.store(d.digest(), convertLayer(source, converter, i, sourceLayers.size(), d,
                        image.diffIds().get(i), ChainIds.uuid(chain.get(i)), parent));
            }
            done = store.awaitAll();
        } finally {
            deleteTree(work);
        }
        for (int i = 0; i < done.size(); i++) {
            listener.layerFinished(i, done.get(i));
        }
        return finish(image, target, tag, done);
    }

    private LayerBlob convertLayer(ImageSource source, LayerConverter converter, int index, int count,
            Descriptor d, Digest diffId, String uuid, String parentUuid) throws IOException {
        String name = d.digest().toString();
        try (InputStream raw = source.openBlob(d)) {
            VerifyingStream blob = new VerifyingStream(raw, d.digest(), d.size(), listener::bytesRead);
            HashingStream tar = new HashingStream(LayerStreams.decompressed(blob));
            LayerBlob out = converter.convert(tar, name, uuid, parentUuid, n -> { });
            tar.drain();
            blob.verifyComplete();
            if (!tar.digest().equals(diffId)) {
                throw new LayerConversionException(index, count, name, null, "uncompressed content has digest "
                        + tar.digest() + ", the config's diff_id is " + diffId, null);
            }
            return out;
        } catch (LayerApplyException e) {
            throw new LayerConversionException(index, count, name, e.entry(), e.getMessage(), e);
        } catch (LayerConversionException e) {
            throw e;
        } catch (IOException e) {
            throw new LayerConversionException(index, count, name, null, e.getMessage(), e);
        }
    }

    private ConvertResult finish(SelectedImage image, ImageTarget target, String tag, List<ConvertResult.Layer> done)
            throws IOException {
        ConvertedImage shape = new ConvertedImage(options.oci());
        List<ConvertedImage.Layer> layers = done.stream()
                .map(l -> new ConvertedImage.Layer(l.digest(), l.size())).toList();
        byte[] config = shape.config(image.config(), layers);
        Digest configDigest = Digest.sha256(config);
        target.putBlob(configDigest, config);
        JsonNode annotations = JSON.readTree(image.manifest().bytes()).get("annotations");
        byte[] manifest = shape.manifest(configDigest, config.length, layers, annotations);
        Digest digest = target.putManifest(shape.manifestMediaType(), manifest, tag);
        return new ConvertResult(digest, manifest, configDigest, List.copyOf(done));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
