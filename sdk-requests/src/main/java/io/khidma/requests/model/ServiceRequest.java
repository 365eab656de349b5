package io.khidma.requests.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.core.text.Text;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service request as its citizen or its agency sees it.
 *
 * @param number the human-readable number, e.g. {@code RTA-2026-000123}
 * @param awaitingPayment whether the submission fees are still to be paid: the agency does not
 *     review it until they are
 * @param data the application data; an agency sees only the fields its service receives
 * @param inputs fields filled from the outputs of earlier steps of a journey
 * @param outputs what the agency issued on completion, e.g. the licence number
 * @param assignedTo the officer working on it
 * @param dueAt when the service level says it should be decided
 * @param slaState for an open request, how it stands against {@code dueAt}
 * @param journeyNumber the journey application it is a step of, if any
 * @param stepKey its step in that journey
 * @param rating the citizen's stars once rated
 * @param timeline what happened, oldest first, in the reader's language; only when reading one request
 */
public record ServiceRequest(
        String number,
        UUID serviceId,
        String serviceCode,
        Text serviceTitle,
        String agencyId,
        String citizen,
        RequestStatus status,
        boolean awaitingPayment,
        PaymentDue payment,
        ChannelType channel,
        String language,
        JsonNode data,
        JsonNode inputs,
        List<DocumentRef> documents,
        JsonNode outputs,
        List<DocumentRef> outputDocuments,
        String assignedTo,
        Instant dueAt,
        SlaState slaState,
        String journeyNumber,
        String stepKey,
        Integer rating,
        Instant submittedAt,
        Instant createdAt,
        Instant updatedAt,
        List<TimelineEntry> timeline) {

    public ServiceRequest {
        documents = documents == null ? List.of() : List.copyOf(documents);
        outputDocuments = outputDocuments == null ? List.of() : List.copyOf(outputDocuments);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
    }
}
