package io.obd4j.core.config;

/**
 * The exact failure texts overlaybd puts after {@code failed:} in a resultFile ({@code image_file.cpp}, spec §3.4),
 * and the errno → reason mapping of remote-open failures. The image service must use these, never its own words.
 */
public final class OpenErrors {
    public static final String EMPTY_REPO_BLOB_URL = "empty repoBlobUrl";
    public static final String AUTHENTICATION_FAILED = "Authentication failed";
    public static final String CREATE_DEVICE_FAILED = "failed to create overlaybd device";

    /** errno values (Linux x86-64/aarch64) that have their own reason text. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;

    private OpenErrors() {
    }

    public static String localFile(String path) {
        return "failed to open local file " + path;
    }

    public static String alignedFileAdaptor(String path) {
        return "failed to open aligned_file_adaptor " + path;
    }

    public static String localTarFile(String path) {
        return "failed to open file as tar file " + path;
    }

    public static String switchFile(String pathOrUrl) {
        return "failed to open switch file " + pathOrUrl;
    }

    public static String localDataFile(String path) {
        return "failed to open local data file " + path;
    }

    /** A turboOCI {@code targetDigest} open that failed with anything but EPERM. */
    public static String remoteFile(String url) {
        return "failed to open remote file " + url;
    }

    public static String remoteFile(String url, String reason) {
        return "failed to open remote file " + url + ": " + reason;
    }

    public static String remoteTarFile(String url, String reason) {
        return "failed to open remote file as tar file " + url + ": " + reason;
    }

    public static String gzipIndex(String path) {
        return "failed to open gzip index " + path;
    }

    public static String layer(int index) {
        return "failed to open layer " + index;
    }

    public static String duplicatedDevId(String id) {
        return "duplicated dev id: " + id;
    }

    /** The {@code <reason>} for a remote-open errno; {@code strerror} is the C library's text for the others. */
    public static String reason(int errno, String strerror) {
        switch (errno) {
            case EPERM:
            case EACCES:
                return AUTHENTICATION_FAILED;
            case ENOTCONN:
                return "Connection failed";
            case ETIMEDOUT:
                return "Get meta timedout";
            case ENOENT:
                return "No such file or directory";
            case EBUSY:
                return "Too many requests";
            case EIO:
                return "Unexpected response";
            default:
                return strerror;
        }
    }
}
