package io.khidma.opendata;

import java.nio.file.Path;

/**
 * A finished download.
 *
 * @param file where the data now is
 * @param bytes its size on disk
 * @param etag the server's tag for this version and query, to ask later whether it changed
 */
public record Download(Path file, long bytes, String etag) {}
