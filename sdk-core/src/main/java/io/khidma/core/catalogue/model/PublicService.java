package io.khidma.core.catalogue.model;

import io.khidma.core.text.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A public service (CPSV-AP {@code cpsv:PublicService}) of one agency.
 *
 * @param id assigned by the catalogue
 * @param code the agency's stable code, e.g. {@code RTA-VEH-RENEW}
 * @param title the name in Arabic and English
 * @param description what it is, in Arabic and English
 * @param agencyId the competent authority
 * @param keywords words it is known by
 * @param events the life or business events it belongs to
 * @param audiences who it is for: citizens, residents, visitors, businesses
 * @param channels how to obtain it
 * @param costs its fees
 * @param requirements conditions the applicant must meet
 * @param evidence documents the applicant provides
 * @param outputs what the applicant gets
 * @param processingTime how long it takes
 * @param fullyDigital whether it can be completed end to end without a visit
 * @param form what an application asks for, when the service takes applications through Khidma;
 *     the {@code processingTime} is then the service level each application is due within
 * @param status active or withdrawn; set by the catalogue
 * @param rating citizens' ratings; set by the catalogue
 * @param lastModified set by the catalogue
 */
public record PublicService(
        UUID id,
        String code,
        Text title,
        Text description,
        String agencyId,
        List<String> keywords,
        List<String> events,
        List<Audience> audiences,
        List<Channel> channels,
        List<Cost> costs,
        List<Text> requirements,
        List<Text> evidence,
        List<Text> outputs,
        Duration processingTime,
        boolean fullyDigital,
        ApplicationForm form,
        ServiceStatus status,
        RatingSummary rating,
        Instant lastModified) {

    public PublicService {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(agencyId, "agency_id");
        if (!code.matches("[A-Z0-9-]{2,40}")) {
            throw new IllegalArgumentException("code must be 2-40 of A-Z, 0-9 and '-'");
        }
        if (title.ar() == null && title.en() == null) {
            throw new IllegalArgumentException("title needs Arabic or English");
        }
        keywords = copy(keywords);
        events = copy(events);
        audiences = copy(audiences);
        channels = copy(channels);
        costs = copy(costs);
        requirements = copy(requirements);
        evidence = copy(evidence);
        outputs = copy(outputs);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** The same service with the fields only the catalogue sets. */
    public PublicService withCatalogueFields(
            UUID newId, ServiceStatus newStatus, RatingSummary newRating, Instant modified) {
        return new PublicService(
                newId,
                code,
                title,
                description,
                agencyId,
                keywords,
                events,
                audiences,
                channels,
                costs,
                requirements,
                evidence,
                outputs,
                processingTime,
                fullyDigital,
                form,
                newStatus,
                newRating,
                modified);
    }

    /** The same service with texts in one language only. */
    public PublicService inLanguage(String language) {
        return new PublicService(
                id,
                code,
                only(title, language),
                only(description, language),
                agencyId,
                keywords,
                events,
                audiences,
                channels,
                costs,
                requirements.stream().map(t -> only(t, language)).toList(),
                evidence.stream().map(t -> only(t, language)).toList(),
                outputs.stream().map(t -> only(t, language)).toList(),
                processingTime,
                fullyDigital,
                form,
                status,
                rating,
                lastModified);
    }

    private static Text only(Text text, String language) {
        if (text == null) {
            return null;
        }
        return "ar".equals(language) ? new Text(text.ar(), null) : new Text(null, text.en());
    }

    /**
     * A builder for a service an agency publishes; code, agency and title are required, the
     * fields the catalogue sets are left out.
     */
    public static Builder builder(String code, String agencyId, Text title) {
        return new Builder(code, agencyId, title);
    }

    /** Builds a {@link PublicService} to publish; {@link #build()} checks it as the constructor does. */
    public static final class Builder {
        private final String code;
        private final String agencyId;
        private final Text title;
        private Text description;
        private final List<String> keywords = new ArrayList<>();
        private final List<String> events = new ArrayList<>();
        private final List<Audience> audiences = new ArrayList<>();
        private final List<Channel> channels = new ArrayList<>();
        private final List<Cost> costs = new ArrayList<>();
        private final List<Text> requirements = new ArrayList<>();
        private final List<Text> evidence = new ArrayList<>();
        private final List<Text> outputs = new ArrayList<>();
        private Duration processingTime;
        private boolean fullyDigital;
        private ApplicationForm form;

        private Builder(String code, String agencyId, Text title) {
            this.code = code;
            this.agencyId = agencyId;
            this.title = title;
        }

        public Builder description(Text text) {
            this.description = text;
            return this;
        }

        public Builder keywords(String... words) {
            keywords.addAll(List.of(words));
            return this;
        }

        /** Life or business events, e.g. {@code vehicle-ownership}. */
        public Builder events(String... names) {
            events.addAll(List.of(names));
            return this;
        }

        public Builder audiences(Audience... who) {
            audiences.addAll(List.of(who));
            return this;
        }

        public Builder channel(Channel channel) {
            channels.add(channel);
            return this;
        }

        /** A fee in fils (hundredths of a dirham), payable through unified payments by its code. */
        public Builder fee(String feeCode, long amountInFils, Text feeDescription) {
            costs.add(new Cost(feeCode, amountInFils, "AED", feeDescription, null));
            return this;
        }

        public Builder requirement(Text text) {
            requirements.add(text);
            return this;
        }

        public Builder evidence(Text text) {
            evidence.add(text);
            return this;
        }

        public Builder output(Text text) {
            outputs.add(text);
            return this;
        }

        public Builder processingTime(Duration duration) {
            this.processingTime = duration;
            return this;
        }

        public Builder fullyDigital(boolean value) {
            this.fullyDigital = value;
            return this;
        }

        /** What an application asks for; see {@link ApplicationForm}. */
        public Builder form(ApplicationForm applicationForm) {
            this.form = applicationForm;
            return this;
        }

        public PublicService build() {
            return new PublicService(
                    null,
                    code,
                    title,
                    description,
                    agencyId,
                    keywords,
                    events,
                    audiences,
                    channels,
                    costs,
                    requirements,
                    evidence,
                    outputs,
                    processingTime,
                    fullyDigital,
                    form,
                    null,
                    null,
                    null);
        }
    }
}
