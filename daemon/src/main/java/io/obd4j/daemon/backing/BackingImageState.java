package io.obd4j.daemon.backing;

import com.fasterxml.jackson.annotation.JsonValue;

/** Longhorn's backing-image states: pending → in-progress → ready | failed. */
public enum BackingImageState {
    PENDING("pending"),
    IN_PROGRESS("in-progress"),
    READY("ready"),
    FAILED("failed");

    private final String text;

    BackingImageState(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }
}
