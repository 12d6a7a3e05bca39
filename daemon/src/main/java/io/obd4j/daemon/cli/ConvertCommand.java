package io.obd4j.daemon.cli;

import io.obd4j.registry.convert.ConvertOptions;
import io.obd4j.registry.convert.ConvertResult;
import io.obd4j.registry.convert.ImageConverter;
import io.obd4j.registry.convert.ImageSource;
import io.obd4j.registry.convert.ImageTarget;
import io.obd4j.registry.convert.OciLayout;
import io.obd4j.registry.convert.RegistryImageTarget;
import io.obd4j.registry.sync.PlatformFilter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code obd4j convert}: an OCI/Docker image → an overlaybd image, like accelerated-container-image's convertor. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = {
    "Convert an OCI or Docker image into an overlaybd image (no root, no kernel module: the ext4 filesystem is "
        + "written in user space). Each layer is applied to the filesystem in order and its changed blocks "
        + "committed into a ZFile layer in overlaybd's tar wrapping; layers, config and manifest (with the "
        + "overlaybd snapshotter's annotations) are pushed to --dest, or written to --output-layout. Blobs the "
        + "destination has are not uploaded again; the same source gives the same digests. Prints the manifest "
        + "digest.",
    "  convert [opts] SOURCE --dest REGISTRY/REPO:TAG",
    "  convert [opts] SOURCE --output-layout DIR[:TAG]",
    "SOURCE is REGISTRY/REPO:TAG, REGISTRY/REPO@sha256:... or oci:DIR[:TAG]."})
public final class ConvertCommand extends ToolCommand {
    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    ZFileOptionsMixin zopts;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The image to convert.")
    String source;

    @Option(names = "--dest", paramLabel = "REGISTRY/REPO:TAG", description = "Push the result here.")
    String dest;

    @Option(names = "--output-layout", paramLabel = "DIR[:TAG]", description = "Write an OCI layout instead.")
    String outputLayout;

    @Option(names = "--vsize", defaultValue = "64", converter = ByteSize.class, paramLabel = "SIZE",
            description = "Virtual size of the filesystem (bare number = GiB; default ${DEFAULT-VALUE}).")
    long vsize;

    @Option(names = "--oci", description = "OCI media types (default: Docker schema 2, as the convertor).")
    boolean oci;

    @Option(names = "--os", defaultValue = "linux", paramLabel = "OS",
            description = "Image of an index to convert: OS (default ${DEFAULT-VALUE}).")
    String os;

    @Option(names = "--arch", defaultValue = "amd64", paramLabel = "ARCH[/VARIANT]",
            description = "Architecture (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--cred-file", paramLabel = "FILE",
            description = "Registry credentials in overlaybd's cred.json format ({auths: {host[/repo]: {username, "
                    + "password}}}); default anonymous.")
    Path credFile;

    @Option(names = "--plain-http", description = "Talk http:// to the registries.")
    boolean plainHttp;

    @Option(names = "--insecure", description = "HTTPS without certificate checks.")
    boolean insecure;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust this CA bundle for HTTPS.")
    Path caFile;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the working files go (a sparse raw file of --vsize and the layer blobs); default "
                    + "the system temp directory.")
    Path workDir;

    @Override
    Integer run() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if ((dest == null) == (outputLayout == null)) {
            err.println("obd4j convert: give exactly one of --dest and --output-layout");
            return CommandLine.ExitCode.USAGE;
        }
        ConvertOptions options = ConvertOptions.defaults().withVsize(vsize).withZfile(zopts.options(true))
                .withOci(oci).withPlatform(new PlatformFilter(List.of(os), List.of(arch)));
        if (workDir != null) {
            options = options.withWorkDir(workDir);
        }
        ConvertResult result;
        try (ImageLocations where = new ImageLocations(credFile, plainHttp, insecure, caFile);
             ImageSource src = where.source(source);
             ConvertProgress progress = new ConvertProgress(progressOptions, err)) {
            ImageTarget target;
            String tag;
            if (dest != null) {
                RegistryImageTarget pushTo = where.registryTarget(dest, src);
                target = pushTo;
                tag = pushTo.tag();
            } else {
                OciLayout.Ref ref = OciLayout.Ref.parse(outputLayout);
                target = ImageLocations.layoutTarget(ref.layout().dir());
                tag = ref.tag();
            }
            try (target) {
                result = new ImageConverter(options, progress).convert(src, target, tag);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.manifestDigest());
        out.flush();
        return 0;
    }
}
