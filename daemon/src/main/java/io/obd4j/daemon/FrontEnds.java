package io.obd4j.daemon;

import io.obd4j.core.config.OverlaybdConfig;

import java.util.ArrayList;
import java.util.List;

/** Builds the front ends the config enables: {@code obd4j.tcmu} (TCMU handler) and {@code obd4j.iscsi}. */
final class FrontEnds {
    private FrontEnds() {
    }

    static List<FrontEnd> create(OverlaybdConfig config) {
        List<FrontEnd> out = new ArrayList<>();
        if (config.obd4j().tcmu().enable()) {
            out.add(TcmuFrontEnd.system());
        }
        if (config.obd4j().iscsi().enable()) {
            out.add(new IscsiFrontEnd(config.obd4j().iscsi()));
        }
        return out;
    }
}
