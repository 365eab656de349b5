package io.khidma.requests.open311;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A request as Open311 shows it: {@code open} or {@code closed} with {@code status_notes}, and
 * {@code expected_datetime} from the service level.
 */
public record Open311Request(
        String serviceRequestId,
        String status,
        String statusNotes,
        String serviceName,
        String serviceCode,
        String description,
        String agencyResponsible,
        String serviceNotice,
        Instant requestedDatetime,
        Instant updatedDatetime,
        Instant expectedDatetime,
        String address,
        String addressId,
        String zipcode,
        @JsonProperty("lat") Double latitude,
        @JsonProperty("long") Double longitude,
        String mediaUrl) {}
