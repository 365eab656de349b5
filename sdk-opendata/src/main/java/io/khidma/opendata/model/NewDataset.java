package io.khidma.opendata.model;

import io.khidma.core.text.Text;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A dataset's metadata, after DCAT-AP 3: what a publisher writes.
 *
 * @param themes EU data themes ({@link DataTheme}), e.g. {@code TRAN}, {@code ECON}, {@code GOVE}
 * @param licence the licence's URI
 * @param tableSchema the schema uploads are validated against; inferred from the first upload when absent
 * @param name the URL-friendly name CKAN tools address it by ({@code dubai-taxi-fares}): lowercase
 *     letters, digits, {@code -} and {@code _}, 2 to 100 of them; chosen once, when the dataset is
 *     made (from the English title when absent), and never changed after
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
        TableSchema tableSchema,
        String name) {

    /** What a name may be, as CKAN allows it. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{1,99}");

    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
        if (name != null && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name: 2-100 lowercase letters, digits, '-' and '_', starting with a letter or digit");
        }
        if (name != null && UUID_FORM.matcher(name).matches()) {
            // A dataset is found by its id or its name: a name shaped like an id could be another's.
            throw new IllegalArgumentException("name must not have the form of an id");
        }
    }

    /** Metadata without a chosen name: the dataset is named from its English title when made. */
    public NewDataset(
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
        this(
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
                null);
    }

    /**
     * A builder for what a publisher writes; title, description, licence and contact point are
     * required.
     */
    public static Builder builder() {
        return new Builder();
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
                tableSchema,
                name);
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
                schema,
                name);
    }

    /** Builds a {@link NewDataset}; {@link #build()} checks it as the constructor does. */
    public static final class Builder {
        private Text title;
        private Text description;
        private List<String> themes = List.of();
        private List<String> keywords = List.of();
        private URI licence;
        private ContactPoint contactPoint;
        private PeriodOfTime temporal;
        private String spatial;
        private UpdateFrequency updateFrequency;
        private TableSchema tableSchema;
        private String name;

        private Builder() {}

        public Builder title(String arabic, String english) {
            this.title = Text.of(arabic, english);
            return this;
        }

        public Builder description(String arabic, String english) {
            this.description = Text.of(arabic, english);
            return this;
        }

        /** EU data theme codes ({@link DataTheme}), e.g. {@code TRAN}. */
        public Builder themes(String... codes) {
            this.themes = List.of(codes);
            return this;
        }

        public Builder keywords(String... words) {
            this.keywords = List.of(words);
            return this;
        }

        public Builder licence(URI uri) {
            this.licence = uri;
            return this;
        }

        public Builder contactPoint(String name, String email) {
            this.contactPoint = new ContactPoint(name, email);
            return this;
        }

        public Builder temporal(PeriodOfTime period) {
            this.temporal = period;
            return this;
        }

        public Builder spatial(String place) {
            this.spatial = place;
            return this;
        }

        public Builder updateFrequency(UpdateFrequency frequency) {
            this.updateFrequency = frequency;
            return this;
        }

        /** The schema uploads are validated against; without one, it is inferred from the first upload. */
        public Builder tableSchema(TableSchema schema) {
            this.tableSchema = schema;
            return this;
        }

        /** The name CKAN tools address it by; made from the English title when not given. */
        public Builder name(String urlName) {
            this.name = urlName;
            return this;
        }

        public NewDataset build() {
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
}
