package io.khidma.requests.server;

import io.khidma.core.identity.server.KhidmaPrincipal;
import io.khidma.core.server.ProblemException;
import io.khidma.requests.model.Cancellation;
import io.khidma.requests.model.Capacity;
import io.khidma.requests.model.Dispatch;
import io.khidma.requests.model.FieldResource;
import io.khidma.requests.model.NewVisit;
import io.khidma.requests.model.Reschedule;
import io.khidma.requests.model.VisitRating;
import io.khidma.requests.model.VisitStatus;
import io.khidma.requests.model.VisitUpdate;
import io.khidma.requests.server.api.VisitsApi;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/** Visits and their capacity: implements the interface generated from the {@code visits} tag of {@code requests.yaml}. */
@Path("/")
final class VisitsResource implements VisitsApi {

    private final VisitService visits;

    @Context
    private SecurityContext security;

    @Context
    private UriInfo uri;

    VisitsResource(VisitService visits) {
        this.visits = visits;
    }

    @Override
    public Response publishCapacity(String code, Capacity capacity, String idempotencyKey) {
        return Response.ok(visits.publish(caller(), code, ProblemException.requireBody(capacity)))
                .build();
    }

    @Override
    public Response listSlots(String code, String area, OffsetDateTime from, OffsetDateTime to) {
        return Response.ok(visits.slots(
                        code, area, from == null ? null : from.toInstant(), to == null ? null : to.toInstant()))
                .build();
    }

    @Override
    public Response listFieldResources() {
        return Response.ok(visits.resources(caller())).build();
    }

    @Override
    public Response saveFieldResource(String id, FieldResource resource, String idempotencyKey) {
        return Response.ok(visits.saveResource(caller(), id, ProblemException.requireBody(resource)))
                .build();
    }

    @Override
    public Response bookVisit(String number, NewVisit visit, String idempotencyKey) {
        var booked = visits.book(caller(), number, ProblemException.requireBody(visit));
        return Response.created(uri.getBaseUriBuilder()
                        .path("visits")
                        .path(booked.id().toString())
                        .build())
                .entity(booked)
                .build();
    }

    @Override
    public Response listVisits(LocalDate date, VisitStatus status) {
        if (date == null) {
            throw ProblemException.invalid("date", "is required");
        }
        return Response.ok(visits.board(caller(), date, status)).build();
    }

    @Override
    public Response getVisit(UUID id) {
        return Response.ok(visits.get(caller(), id)).build();
    }

    @Override
    public Response getVisitInvitation(UUID id, String lang) {
        if (lang != null && !lang.equals("ar") && !lang.equals("en")) {
            throw ProblemException.invalid("lang", "must be ar or en");
        }
        var invitation = visits.invitation(caller(), id);
        var language = lang != null ? lang : invitation.visit().language();
        var body = Invitations.write(
                invitation.visit(), invitation.service(), invitation.agencyName(), Locale.forLanguageTag(language));
        return Response.ok(body, Invitations.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"visit-" + id + ".ics\"")
                .build();
    }

    @Override
    public Response rescheduleVisit(UUID id, Reschedule reschedule, String idempotencyKey) {
        return Response.ok(visits.reschedule(caller(), id, ProblemException.requireBody(reschedule)))
                .build();
    }

    @Override
    public Response cancelVisit(UUID id, String idempotencyKey, Cancellation cancellation) {
        return Response.ok(visits.cancel(caller(), id, cancellation)).build();
    }

    @Override
    public Response dispatchVisit(UUID id, Dispatch dispatch, String idempotencyKey) {
        return Response.ok(visits.dispatch(caller(), id, ProblemException.requireBody(dispatch)))
                .build();
    }

    @Override
    public Response updateVisitStatus(UUID id, VisitUpdate update, String idempotencyKey) {
        return Response.ok(visits.update(caller(), id, ProblemException.requireBody(update)))
                .build();
    }

    @Override
    public Response rateVisit(UUID id, VisitRating rating, String idempotencyKey) {
        return Response.ok(visits.rate(caller(), id, ProblemException.requireBody(rating)))
                .build();
    }

    private KhidmaPrincipal caller() {
        return KhidmaPrincipal.of(security);
    }
}
