package io.obd4j.iscsi.login;

import io.netty.buffer.ByteBuf;
import io.obd4j.iscsi.codec.PduException;
import io.obd4j.iscsi.codec.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Text parameters of Login and Text PDUs (RFC 7143 section 6.1): UTF-8 {@code key=value} pairs, each terminated by
 * a NUL byte. Keys are at most 63 bytes; values at most 8192 bytes (binary CHAP values are the longest).
 * Keeps insertion order so answers come back in the order asked.
 */
public final class TextParameters {
    public static final int MAX_KEY_LENGTH = 63;
    public static final int MAX_VALUE_LENGTH = 8192;

    private final Map<String, String> pairs = new LinkedHashMap<>();

    public static TextParameters parse(ByteBuf data) throws PduException {
        TextParameters params = new TextParameters();
        int index = data.readerIndex();
        int end = data.writerIndex();
        while (index < end) {
            int nul = data.indexOf(index, end, (byte) 0);
            int stop = nul < 0 ? end : nul;
            if (stop > index) {
                params.parsePair(data.toString(index, stop - index, StandardCharsets.UTF_8));
            }
            index = stop + 1;
        }
        return params;
    }

    private void parsePair(String pair) throws PduException {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq > MAX_KEY_LENGTH) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, false, "text key", "key=value with a 1.."
                + MAX_KEY_LENGTH + " byte key", abbreviate(pair));
        }
        String key = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, false, key, "value <= " + MAX_VALUE_LENGTH
                + " bytes", value.length());
        }
        if (pairs.putIfAbsent(key, value) != null) {
            throw new PduException(RejectReason.PROTOCOL_ERROR, false, key, "key sent once", "twice");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    public String get(String key) {
        return pairs.get(key);
    }

    public boolean contains(String key) {
        return pairs.containsKey(key);
    }

    public TextParameters put(String key, String value) {
        pairs.put(key, value);
        return this;
    }

    public Map<String, String> asMap() {
        return pairs;
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** Appends all pairs from another set (later values win). */
    public void putAll(TextParameters other) {
        pairs.putAll(other.pairs);
    }

    public byte[] encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Keys only, for logs: values may be CHAP secrets' responses. */
    @Override
    public String toString() {
        return pairs.keySet().toString();
    }
}
