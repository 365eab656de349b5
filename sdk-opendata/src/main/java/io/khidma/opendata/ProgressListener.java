package io.khidma.opendata;

/** Told as a download proceeds; called on the thread doing the download, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /** Does nothing. */
    ProgressListener NONE = (bytes, totalBytes) -> {};

    /**
     * @param bytes bytes written to disk so far
     * @param totalBytes the total when the server declared it, otherwise {@code -1}
     */
    void progressed(long bytes, long totalBytes);
}
