package io.khidma.opendata;

import java.nio.file.Path;

/**
 * A finished download.
 *
 * @param file where the data now is
 * @param bytes its size on disk
 * @param rows the rows in it; {@code -1} for Parquet and XLSX, which are compressed
 * @param resumedFrom the bytes an earlier, interrupted download had already written, or 0
 * @param etag the server's tag for this version and query, to ask later whether it changed
 */
public record Download(Path file, long bytes, long rows, long resumedFrom, String etag) {}
