package io.khidma.opendata;

import java.util.Locale;

/**
 * The formats a dataset downloads in: CSV with a header, a JSON array of rows, NDJSON, Apache
 * Parquet with typed columns (for pandas, DuckDB, Spark and the like), an Excel workbook, or
 * GeoJSON for datasets with latitude and longitude fields.
 */
public enum DownloadFormat {
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    XLSX,
    GEOJSON;

    /** The name the API uses, and the file extension: {@code csv}, {@code json}, {@code ndjson}, {@code parquet}, {@code xlsx}, {@code geojson}. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }
}
