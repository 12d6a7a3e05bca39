package io.obd4j.daemon.cli;

import io.obd4j.core.format.lsmt.LayerInfo;
import io.obd4j.core.format.lsmt.LayerUuid;
import io.obd4j.core.format.lsmt.RwLayer;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code overlaybd-create}: a new writable layer (append-only data+index pair, or sparse). */
@Command(name = "create", mixinStandardHelpOptions = true, description = {
    "Create a writable layer (overlaybd-create): an append-only DATA+INDEX pair, or with --sparse a sparse DATA "
        + "file (INDEX is created empty). Both files are created exclusively (they must not exist).",
    "VSIZE: 4096B, 64K, 64M, 10G, 1T (binary units; KiB/MiB/GiB/TiB accepted); a bare number is GiB, as "
        + "overlaybd-create's vsize_GB."})
public final class CreateCommand extends ToolCommand {
    @Option(names = {"-s", "--sparse"}, description = "Create a sparse writable layer.")
    boolean sparse;

    @Option(names = {"-u", "--parent-uuid"}, paramLabel = "UUID", description = "Parent layer uuid.")
    String parentUuid;

    @Option(names = "--uuid", paramLabel = "UUID", description = "This layer's uuid (default: random).")
    String uuid;

    @Parameters(index = "0", paramLabel = "DATA")
    Path data;

    @Parameters(index = "1", paramLabel = "INDEX")
    Path index;

    @Parameters(index = "2", paramLabel = "VSIZE", converter = ByteSize.class)
    long vsize;

    @Override
    Integer run() throws Exception {
        LayerInfo info = LayerInfo.of(vsize).withSparse(sparse);
        if (uuid != null) {
            info = info.withUuid(LayerUuid.parse(uuid));
        }
        if (parentUuid != null) {
            info = info.withParent(LayerUuid.parse(parentUuid));
        }
        try (RwLayer layer = RwLayer.create(data, index, info)) {
            layer.flush();
        }
        spec.commandLine().getOut().println("overlaybd-create has created files SUCCESSFULLY");
        return 0;
    }
}
