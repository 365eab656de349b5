package io.khidma.opendata.model;

import io.khidma.core.text.Text;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A dataset's metadata, after DCAT-AP 3: what a publisher writes.
 *
 * @param themes EU data themes ({@link DataTheme}), e.g. {@code TRAN}, {@code ECON}, {@code GOVE}
 * @param licence the licence's URI
 * @param tableSchema the schema uploads are validated against; inferred from the first upload when absent
 */
public record NewDataset(
        Text title,
        Text description,
        List<String> themes,
        List<String> keywords,
        URI licence,
        ContactPoint contactPoint,
        PeriodOfTime temporal,
        String spatial,
        UpdateFrequency updateFrequency,
        TableSchema tableSchema) {

    public NewDataset {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(contactPoint, "contact_point");
        if (title.ar() == null || title.en() == null) {
            throw new IllegalArgumentException("title needs Arabic and English");
        }
        themes = themes == null ? List.of() : List.copyOf(themes);
        for (var theme : themes) {
            if (!DataTheme.isTheme(theme)) {
                throw new IllegalArgumentException("themes are EU data theme codes such as TRAN; was " + theme);
            }
        }
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        if (keywords.size() > 50 || keywords.stream().anyMatch(k -> k.isBlank() || k.length() > 100)) {
            throw new IllegalArgumentException("keywords: at most 50, each 1-100 characters");
        }
        if (!licence.isAbsolute()) {
            throw new IllegalArgumentException("licence must be an absolute URI");
        }
        if (spatial != null && spatial.length() > 200) {
            throw new IllegalArgumentException("spatial must be at most 200 characters");
        }
    }

    public NewDataset withTitle(Text newTitle) {
        return new NewDataset(
                newTitle,
                description,
                themes,
                keywords,
                licence,
                contactPoint,
                temporal,
                spatial,
                updateFrequency,
                tableSchema);
    }

    public NewDataset withTableSchema(TableSchema schema) {
        return new NewDataset(
                title,
                description,
                themes,
                keywords,
                licence,
                contactPoint,
                temporal,
                spatial,
                updateFrequency,
                schema);
    }
}
