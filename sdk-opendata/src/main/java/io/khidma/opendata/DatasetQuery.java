package io.khidma.opendata;

import java.time.Instant;

/**
 * What a dataset search asks for; every condition given must hold. Immutable: each method returns
 * a new query.
 *
 * <pre>{@code
 * var query = DatasetQuery.text("مراكز الخدمة").theme("TRAN").modifiedSince(lastHarvest);
 * }</pre>
 *
 * @param text words in Arabic or English, every one of which must match, in any of its forms
 * @param theme an EU data theme code such as {@code TRAN}
 * @param pageSize datasets per request, 1 to 100; the server's default when {@code null}
 * @param format only datasets that download in this format (GeoJSON: those with coordinates)
 */
public record DatasetQuery(
        String text,
        String publisher,
        String theme,
        String keyword,
        Instant modifiedSince,
        Integer pageSize,
        DownloadFormat format) {

    public DatasetQuery {
        if (text != null && (text.isBlank() || text.length() > 200)) {
            throw new IllegalArgumentException("text must be 1-200 characters");
        }
        if (pageSize != null && (pageSize < 1 || pageSize > 100)) {
            throw new IllegalArgumentException("pageSize must be 1 to 100");
        }
    }

    /** Every dataset the caller may see. */
    public static DatasetQuery all() {
        return new DatasetQuery(null, null, null, null, null, null, null);
    }

    public static DatasetQuery text(String text) {
        return all().withText(text);
    }

    public DatasetQuery withText(String newText) {
        return new DatasetQuery(newText, publisher, theme, keyword, modifiedSince, pageSize, format);
    }

    /** Only datasets of this agency, e.g. {@code rta}. */
    public DatasetQuery publisher(String agency) {
        return new DatasetQuery(text, agency, theme, keyword, modifiedSince, pageSize, format);
    }

    public DatasetQuery theme(String code) {
        return new DatasetQuery(text, publisher, code, keyword, modifiedSince, pageSize, format);
    }

    public DatasetQuery keyword(String word) {
        return new DatasetQuery(text, publisher, theme, word, modifiedSince, pageSize, format);
    }

    /** Only datasets changed at or after {@code instant}. */
    public DatasetQuery modifiedSince(Instant instant) {
        return new DatasetQuery(text, publisher, theme, keyword, instant, pageSize, format);
    }

    public DatasetQuery pageSize(int size) {
        return new DatasetQuery(text, publisher, theme, keyword, modifiedSince, size, format);
    }

    /** Only datasets that download in {@code format}. */
    public DatasetQuery format(DownloadFormat downloadFormat) {
        return new DatasetQuery(text, publisher, theme, keyword, modifiedSince, pageSize, downloadFormat);
    }
}
