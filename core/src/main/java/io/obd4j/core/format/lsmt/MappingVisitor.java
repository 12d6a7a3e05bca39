package io.obd4j.core.format.lsmt;

import java.io.IOException;

/** Receives index records one at a time without allocating (hot read path). Sectors throughout. */
@FunctionalInterface
public interface MappingVisitor {
    void visit(long offset, int length, long moffset, boolean zeroed, int tag) throws IOException;
}
