package io.khidma.opendata;

import io.khidma.core.http.ApiRequest;
import io.khidma.core.http.ServiceConnection;
import io.khidma.core.http.StreamedResponse;
import io.khidma.core.problem.KhidmaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * One download of an export into {@code <target>.part}, resuming an interrupted one when the part
 * and its ETag are there: see {@link OpenDataClient#download(java.util.UUID, RowQuery,
 * DownloadFormat, Path, ProgressListener)}.
 */
final class ResumableDownload {

    private static final int BUFFER = 1 << 16;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final ServiceConnection connection;
    private final URI uri;
    private final DownloadFormat format;
    private final Path target;
    private final Path part;
    private final Path tag;
    private final ProgressListener progress;

    ResumableDownload(
            ServiceConnection connection, URI uri, DownloadFormat format, Path target, ProgressListener progress) {
        this.connection = connection;
        this.uri = uri;
        this.format = format;
        this.target = target.toAbsolutePath();
        this.part = this.target.resolveSibling(this.target.getFileName() + ".part");
        this.tag = this.target.resolveSibling(this.target.getFileName() + ".part.etag");
        this.progress = progress;
    }

    Download run() {
        try {
            try {
                return attempt(resumableFrom());
            } catch (KhidmaException e) {
                if (e.status() != 416) {
                    throw e;
                }
                // The part is no prefix of the data (longer than it): start over.
                discardPart();
                return attempt(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "download to " + target + " failed"
                            + (Files.exists(tag) ? "; download to the same file again to resume" : ""),
                    e);
        }
    }

    /** How many bytes of an earlier download can be kept: the part's size when its ETag was kept too. */
    private long resumableFrom() throws IOException {
        if (Files.isRegularFile(part) && Files.isRegularFile(tag) && Files.size(part) > 0) {
            return Files.size(part);
        }
        discardPart();
        return 0;
    }

    private Download attempt(long have) throws IOException {
        var request = ApiRequest.get(uri);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-")
                    .header(
                            "If-Range",
                            Files.readString(tag, StandardCharsets.US_ASCII).trim());
        } else {
            request.header("Accept-Encoding", "gzip");
        }
        try (var response = connection.stream(request)) {
            boolean appending = response.status() == 206;
            long total = appending ? rangeTotal(response, have) : fullTotal(response);
            var etag = response.header("ETag").orElse(null);
            if (!appending) {
                have = 0;
                discardPart();
                if (etag != null && response.header("Accept-Ranges").orElse("").equals("bytes")) {
                    Files.writeString(tag, etag, StandardCharsets.US_ASCII);
                }
            }
            var rows = RowCounter.of(format);
            if (appending) {
                countExisting(rows);
            }
            progress.started(have, total);
            long written = have;
            try (InputStream in = gzipped(response) ? new GZIPInputStream(response.body(), BUFFER) : response.body();
                    var out = Files.newOutputStream(
                            part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                var buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    rows.accept(buffer, 0, n);
                    written += n;
                    progress.progressed(written, total, rows.rows());
                }
            } catch (IOException e) {
                if (!Files.exists(tag)) {
                    discardPart(); // the server cannot resume it: keep nothing half-written
                }
                throw e;
            }
            if (total >= 0 && written != total) {
                throw new IOException("the server sent " + written + " of " + total + " bytes");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(tag);
            return new Download(target, written, rows.rows(), have, etag);
        }
    }

    /** The total length a 206 declares, after checking it continues the part exactly. */
    private static long rangeTotal(StreamedResponse response, long have) throws IOException {
        var contentRange = response.header("Content-Range").orElse("");
        var matcher = CONTENT_RANGE.matcher(contentRange);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) != have) {
            throw new IOException("the server answered bytes=" + have + "- with Content-Range " + contentRange);
        }
        return Long.parseLong(matcher.group(3));
    }

    private static long fullTotal(StreamedResponse response) {
        return gzipped(response) ? -1 : response.contentLength().orElse(-1);
    }

    private static boolean gzipped(StreamedResponse response) {
        return response.header("Content-Encoding")
                .map(encoding -> encoding.equalsIgnoreCase("gzip"))
                .orElse(false);
    }

    private void countExisting(RowCounter rows) throws IOException {
        try (var in = Files.newInputStream(part)) {
            var buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                rows.accept(buffer, 0, n);
            }
        }
    }

    private void discardPart() throws IOException {
        Files.deleteIfExists(part);
        Files.deleteIfExists(tag);
    }
}
