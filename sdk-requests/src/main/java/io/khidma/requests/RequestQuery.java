package io.khidma.requests;

import io.khidma.requests.model.RequestStatus;
import java.util.UUID;

/** Which of the citizen's own requests to list. Immutable; start from {@link #all()}. */
public record RequestQuery(RequestStatus status, UUID service, Integer pageSize) {

    public static RequestQuery all() {
        return new RequestQuery(null, null, null);
    }

    public RequestQuery withStatus(RequestStatus newStatus) {
        return new RequestQuery(newStatus, service, pageSize);
    }

    public RequestQuery withService(UUID serviceId) {
        return new RequestQuery(status, serviceId, pageSize);
    }

    public RequestQuery withPageSize(int size) {
        return new RequestQuery(status, service, size);
    }
}
