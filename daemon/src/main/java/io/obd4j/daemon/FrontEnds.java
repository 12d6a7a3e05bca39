package io.obd4j.daemon;

import io.obd4j.core.config.OverlaybdConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the front ends the config enables ({@code obd4j.tcmu}, {@code obd4j.iscsi}). The TCMU handler and the
 * iSCSI target are wired in here once their modules provide a {@link FrontEnd}; until then an enabled front end is
 * reported, not started.
 */
final class FrontEnds {
    private static final Logger LOG = LoggerFactory.getLogger(FrontEnds.class);

    private FrontEnds() {
    }

    static List<FrontEnd> create(OverlaybdConfig config) {
        List<FrontEnd> out = new ArrayList<>();
        if (config.obd4j().tcmu().enable()) {
            LOG.warn("obd4j.tcmu.enable: the TCMU front end is not part of this build yet; not started");
        }
        if (config.obd4j().iscsi().enable()) {
            LOG.warn("obd4j.iscsi.enable: the iSCSI front end is not part of this build yet; not started");
        }
        return out;
    }
}
