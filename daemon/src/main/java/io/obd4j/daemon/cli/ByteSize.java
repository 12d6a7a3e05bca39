package io.obd4j.daemon.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a virtual size: {@code 4096B} bytes, {@code 64K}/{@code 64M}/{@code 10G}/{@code 1T} (also {@code KiB},
 * {@code MiB}, {@code GiB}, {@code TiB}, {@code KB}..., all binary units), and a bare number = GiB, as
 * {@code overlaybd-create}'s {@code vsize_GB}. The result must be a positive multiple of 512 bytes.
 */
final class ByteSize implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new TypeConversionException("'" + value + "' is not a size (e.g. 64M, 10GiB, 1T, 4096B; a bare "
                    + "number is GiB)");
        }
        int shift = shift(v.substring(i), value);
        long n;
        try {
            n = Long.parseLong(v.substring(0, i));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is too large");
        }
        if (n == 0 || n > (Long.MAX_VALUE >>> shift)) {
            throw new TypeConversionException("'" + value + "' must be between 512 bytes and 8 EiB");
        }
        long bytes = n << shift;
        if (bytes % 512 != 0) {
            throw new TypeConversionException("'" + value + "' = " + bytes + " bytes is not a multiple of 512");
        }
        return bytes;
    }

    private static int shift(String unit, String value) {
        return switch (unit) {
            case "", "G", "GB", "GIB" -> 30;
            case "B" -> 0;
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "T", "TB", "TIB" -> 40;
            default -> throw new TypeConversionException("'" + value + "': unknown unit '" + unit
                    + "' (B, K, M, G, T)");
        };
    }
}
