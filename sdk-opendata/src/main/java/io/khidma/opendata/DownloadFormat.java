package io.khidma.opendata;

import java.util.Locale;

/**
 * The formats a dataset downloads in: CSV with a header, a JSON array of rows, NDJSON, Apache
 * Parquet with typed columns (for pandas, DuckDB, Spark and the like), or an Excel workbook.
 */
public enum DownloadFormat {
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    XLSX;

    /** The name the API uses, and the file extension: {@code csv}, {@code json}, {@code ndjson}, {@code parquet}, {@code xlsx}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
