package io.khidma.examples.requests;

import io.khidma.core.json.KhidmaJson;
import io.khidma.examples.Examples;
import io.khidma.requests.RequestsClient;
import io.khidma.requests.model.DocumentRef;
import io.khidma.requests.model.JourneyApplication;
import io.khidma.requests.model.NewJourneyApplication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * User story: a citizen applies once to start a business, and six agencies deliver.
 *
 * <p>The citizen fills one application for the whole journey (tell us once), attaches the
 * documents the steps ask for, consents to each agency receiving its part, and pays every
 * submission fee in one basket. Each agency receives only the fields its step declares; steps wait
 * until the steps they depend on complete. The citizen follows one timeline across the agencies.
 *
 * <pre>
 * java -cp examples/target/khidma-sandbox.jar io.khidma.examples.requests.ApplyForABusiness [sandbox-url]
 * </pre>
 *
 * Prints the payment page; pay there with the test card 4242 4242 4242 4242, then watch the agencies
 * work with {@code WorkTheInbox}.
 */
public final class ApplyForABusiness {

    /** The agencies of the journey, which the citizen consents may receive their part. */
    public static final List<String> AGENCIES = List.of("moec", "det", "dcd", "gdrfa", "mohre", "dcci");

    private ApplyForABusiness() {}

    /** Uploads the documents and applies for {@code START-BUSINESS-DUBAI} as the citizen whose client this is. */
    public static JourneyApplication apply(RequestsClient citizen, String tradeName) {
        var passport = citizen.upload(samplePdf("Owner's passport"), "application/pdf", "passport.pdf");
        var tenancy = citizen.upload(samplePdf("Ejari tenancy contract"), "application/pdf", "ejari.pdf");
        var data = KhidmaJson.mapper()
                .createObjectNode()
                .put("trade_name", tradeName)
                .put("activity", "general-trading")
                .put("legal_form", "sole-establishment")
                .put("owner_name", "Fatima Ahmed Al Mansouri")
                .put("owner_emirates_id", "784-1990-1234567-1")
                .put("mobile", "+971500000001")
                .put("premises_address", "Office 402, Al Quoz 1, Dubai")
                .put("premises_area", 48)
                .put("expected_employees", 3);
        return citizen.apply(NewJourneyApplication.of("START-BUSINESS-DUBAI", data, AGENCIES)
                .withDocuments(List.of(
                        new DocumentRef("owner-passport", passport.id()),
                        new DocumentRef("tenancy-contract", tenancy.id())))
                .withReturnUrl(URI.create("http://127.0.0.1:3000/journeys/paid")));
    }

    /** A one-page PDF saying what it stands for; a real portal uploads the citizen's scan. */
    static byte[] samplePdf(String what) {
        return ("%PDF-1.4\n% Khidma sandbox sample: " + what + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) {
        var sandbox = Examples.sandbox(args);
        try (var citizen = RequestsClient.builder()
                .endpoint(sandbox)
                .credentials(Examples.citizenTokens(sandbox, "citizen-fatima"))
                .build()) {
            var application = apply(citizen, "Al Noor General Trading " + System.currentTimeMillis() % 10_000);
            System.out.printf(
                    "Journey application %s: %d steps, pay %s at%n  %s%n",
                    application.number(),
                    application.steps().size(),
                    Examples.money(application.payment().amount()),
                    application.payment().nextUrl());
            application
                    .steps()
                    .forEach(step -> System.out.printf(
                            "  %-18s %-16s %-6s %s%n",
                            step.key(), step.requestNumber(), step.agencyId(), step.status()));
        }
    }
}
