package io.khidma.examples.requests;

import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.Examples;
import io.khidma.requests.InboxQuery;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.Completion;
import io.khidma.requests.model.RequestStatus;
import io.khidma.requests.model.ServiceRequest;
import io.khidma.requests.model.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * User story: an agency works its inbox. Its back office lists what awaits it, soonest due first
 * (filter by status, service, channel, officer or service level: on track, due soon, breached),
 * claims a request, reviews it, approves it and completes it with its outputs, which later steps
 * of a journey receive.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.requests.WorkTheInbox [sandbox-url] [agency]
 * </pre>
 */
public final class WorkTheInbox {

    /** What each sample service issues, by the output name later journey steps take. */
    static final Map<String, String> OUTPUT = Map.ofEntries(
            Map.entry("MOEC-TRADE-NAME", "reservation_number"),
            Map.entry("DET-INITIAL-APPROVAL", "approval_number"),
            Map.entry("DCD-SAFETY-APPROVAL", "approval_number"),
            Map.entry("DET-TRADE-LICENCE", "licence_number"),
            Map.entry("GDRFA-EST-CARD", "establishment_card"),
            Map.entry("MOHRE-EST-FILE", "establishment_file"),
            Map.entry("DCCI-MEMBERSHIP", "membership_number"),
            Map.entry("MOHRE-WORK-PERMIT", "permit_number"),
            Map.entry("MOHRE-LABOUR-CONTRACT", "contract_number"),
            Map.entry("DHA-MEDICAL-FITNESS", "result_number"),
            Map.entry("GDRFA-RESIDENCE", "residence_number"));

    private WorkTheInbox() {}

    /**
     * Delivers every request in the agency's inbox whose fees are paid: claims it for {@code
     * officer}, reviews, approves and completes it. Returns the requests completed.
     */
    public static List<ServiceRequest> deliverWaiting(RequestsClient agency, String officer) {
        var completed = new ArrayList<ServiceRequest>();
        var waiting = agency.inbox(InboxQuery.all()).stream()
                .filter(request -> !request.awaitingPayment())
                .toList();
        for (var request : waiting) {
            completed.add(deliver(agency, request, officer));
        }
        return completed;
    }

    /** Claims, reviews, approves and completes one request with the output its service issues. */
    public static ServiceRequest deliver(RequestsClient agency, ServiceRequest request, String officer) {
        var number = request.number();
        agency.assign(number, officer);
        if (request.status() != RequestStatus.IN_REVIEW) {
            agency.transition(number, Transition.to(RequestStatus.IN_REVIEW));
        }
        agency.transition(number, Transition.to(RequestStatus.APPROVED, "checked by " + officer));
        var outputs = KhidmaJson.mapper().createObjectNode();
        var name = OUTPUT.getOrDefault(request.serviceCode(), "reference");
        outputs.put(
                name,
                request.agencyId().toUpperCase(Locale.ROOT) + "-" + number.substring(number.lastIndexOf('-') + 1));
        return agency.complete(number, new Completion(outputs, null, "issued"));
    }

    public static void main(String[] args) {
        var sandbox = Examples.sandbox(args);
        var agency = args.length > 1 ? args[1] : "moec";
        try (var tokens = Examples.agencyTokens(sandbox, agency + "-back-office");
                var inbox = RequestsClient.builder()
                        .endpoint(sandbox)
                        .credentials(tokens)
                        .build()) {
            for (var request : inbox.inbox(InboxQuery.all())) {
                System.out.printf(
                        "%-16s %-22s %-14s due %s (%s)%s%n",
                        request.number(),
                        request.serviceCode(),
                        request.status(),
                        request.dueAt(),
                        request.slaState(),
                        request.awaitingPayment() ? " awaiting payment" : "");
            }
            for (var done : deliverWaiting(inbox, agency + "-officer-1")) {
                System.out.printf("completed %s with %s%n", done.number(), done.outputs());
            }
        }
    }
}
