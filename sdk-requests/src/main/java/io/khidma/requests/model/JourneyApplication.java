package io.khidma.requests.model;

import io.khidma.core.text.Text;
import java.time.Instant;
import java.util.List;

/**
 * A citizen's application for a journey: one request per step, one payment, one timeline.
 *
 * @param number e.g. {@code J-2026-000042}
 * @param status {@code IN_PROGRESS}, {@code COMPLETED} when every step is, {@code STOPPED} when a
 *     step was rejected, cancelled or withdrawn
 * @param consent what the citizen agreed to: which agency receives which fields
 * @param timeline every step's events, oldest first, in the reader's language; only when reading one
 */
public record JourneyApplication(
        String number,
        String journey,
        Text title,
        String citizen,
        String status,
        PaymentDue payment,
        List<Step> steps,
        List<Consent> consent,
        Instant createdAt,
        List<TimelineEntry> timeline) {

    public JourneyApplication {
        steps = steps == null ? List.of() : List.copyOf(steps);
        consent = consent == null ? List.of() : List.copyOf(consent);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }

    /** One step: its request and where it stands. */
    public record Step(String key, String requestNumber, String agencyId, String serviceCode, RequestStatus status) {}

    /** The citizen's consent for one agency to receive these fields, and when it was given. */
    public record Consent(String agencyId, List<String> fields, Instant givenAt) {

        public Consent {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }
}
