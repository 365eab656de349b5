package io.khidma.opendata;

import java.util.Locale;

/** The formats a dataset downloads in: CSV with a header, a JSON array of rows, or NDJSON. */
public enum DownloadFormat {
    CSV,
    JSON,
    NDJSON;

    /** The name the API uses, and the file extension: {@code csv}, {@code json}, {@code ndjson}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
