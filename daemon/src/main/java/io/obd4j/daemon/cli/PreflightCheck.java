package io.obd4j.daemon.cli;

/** One line of {@code obd4j preflight}: what was checked, the outcome, what was found and how to fix it. */
record PreflightCheck(State state, String what, String found, String fix) {
    enum State { OK, WARN, FAIL }

    static PreflightCheck ok(String what, String found) {
        return new PreflightCheck(State.OK, what, found, "");
    }

    static PreflightCheck warn(String what, String found, String fix) {
        return new PreflightCheck(State.WARN, what, found, fix);
    }

    static PreflightCheck fail(String what, String found, String fix) {
        return new PreflightCheck(State.FAIL, what, found, fix);
    }

    /** {@code ok   what (found)} or {@code FAIL what: found; fix: ...}. */
    String line() {
        String label = switch (state) {
            case OK -> "ok  ";
            case WARN -> "warn";
            case FAIL -> "FAIL";
        };
        if (state == State.OK) {
            return label + " " + what + (found.isEmpty() ? "" : " (" + found + ")");
        }
        return label + " " + what + ": " + found + (fix.isEmpty() ? "" : "; fix: " + fix);
    }
}
