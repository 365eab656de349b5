package io.khidma.opendata;

import java.util.Locale;

/**
 * The formats a dataset downloads in: CSV with a header, a JSON array of rows, NDJSON, or Apache
 * Parquet with typed columns (for pandas, DuckDB, Spark and the like).
 */
public enum DownloadFormat {
    CSV,
    JSON,
    NDJSON,
    PARQUET;

    /** The name the API uses, and the file extension: {@code csv}, {@code json}, {@code ndjson}, {@code parquet}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
