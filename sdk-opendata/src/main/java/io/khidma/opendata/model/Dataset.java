package io.khidma.opendata.model;

import io.khidma.core.text.Text;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dataset as the catalogue holds it: its metadata, publisher, status and latest version.
 *
 * @param name its URL-friendly name, unique and stable, which CKAN tools address it by
 * @param publisher the agency that publishes it
 * @param latestVersion the newest version of its data; {@code null} before the first upload
 */
public record Dataset(
        UUID id,
        String name,
        Text title,
        Text description,
        List<String> themes,
        List<String> keywords,
        URI licence,
        ContactPoint contactPoint,
        PeriodOfTime temporal,
        String spatial,
        UpdateFrequency updateFrequency,
        TableSchema tableSchema,
        String publisher,
        DatasetStatus status,
        Integer latestVersion,
        Instant issued,
        Instant modified) {

    public Dataset {
        themes = themes == null ? List.of() : List.copyOf(themes);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }

    /** The metadata as a publisher would write it again. */
    public NewDataset metadata() {
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
                tableSchema,
                name);
    }
}
