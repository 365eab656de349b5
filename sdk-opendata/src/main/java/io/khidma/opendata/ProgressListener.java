package io.khidma.opendata;

/** Told as a download proceeds; called on the thread doing the download, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /** Does nothing. */
    ProgressListener NONE = (bytes, totalBytes, rows) -> {};

    /**
     * @param bytes bytes in the file so far, including those a resumed download already had
     * @param totalBytes the total when the server declared it, otherwise {@code -1}
     * @param rows rows in the file so far; {@code -1} for Parquet and XLSX, which are compressed
     */
    void progressed(long bytes, long totalBytes, long rows);

    /**
     * Told once the server has answered, before any data.
     *
     * @param resumedFrom the bytes an interrupted download had already, that this one continues; 0
     *     when it starts from the beginning
     * @param totalBytes the total when the server declared it, otherwise {@code -1}
     */
    default void started(long resumedFrom, long totalBytes) {}
}
