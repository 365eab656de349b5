package io.khidma.requests;

import io.khidma.core.catalogue.model.ChannelType;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.SlaState;
import java.util.UUID;

/**
 * Which requests of the agency inbox to list. Immutable; start from {@link #all()}: what awaits
 * the agency, soonest due first.
 *
 * @param agency one of the agencies the credentials act for; their own when absent
 */
public record InboxQuery(
        String agency,
        RequestStatus status,
        UUID service,
        ChannelType channel,
        SlaState sla,
        String assignedTo,
        Integer pageSize) {

    public static InboxQuery all() {
        return new InboxQuery(null, null, null, null, null, null, null);
    }

    public InboxQuery withAgency(String agencyId) {
        return new InboxQuery(agencyId, status, service, channel, sla, assignedTo, pageSize);
    }

    public InboxQuery withStatus(RequestStatus newStatus) {
        return new InboxQuery(agency, newStatus, service, channel, sla, assignedTo, pageSize);
    }

    public InboxQuery withService(UUID serviceId) {
        return new InboxQuery(agency, status, serviceId, channel, sla, assignedTo, pageSize);
    }

    public InboxQuery withChannel(ChannelType newChannel) {
        return new InboxQuery(agency, status, service, newChannel, sla, assignedTo, pageSize);
    }

    public InboxQuery withSla(SlaState state) {
        return new InboxQuery(agency, status, service, channel, state, assignedTo, pageSize);
    }

    public InboxQuery withAssignedTo(String officer) {
        return new InboxQuery(agency, status, service, channel, sla, officer, pageSize);
    }

    public InboxQuery withPageSize(int size) {
        return new InboxQuery(agency, status, service, channel, sla, assignedTo, size);
    }
}
